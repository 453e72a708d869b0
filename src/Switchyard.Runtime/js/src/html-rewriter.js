// HTMLRewriter (Cloudflare's streaming HTML rewriting API) over lol-html compiled to WebAssembly: the npm package
// html-rewriter-wasm, which brings lol-html's semantics (selectors, element/text/comment/doctype/end handlers, async
// handlers through asyncify) and the content-editing objects. This file adds what Workers has on top: the
// builder (on/onDocument) and transform(response), which streams the body through the rewriter chunk by chunk.
// The Wasm module is compiled by the host on the first rewriter of each isolate (tenant code may not compile Wasm).
import { callHost } from "./host.js";
import { Response } from "./response.js";
import { ReadableStream } from "./streams.js";

// The glue (a CommonJS module) is required on first use, not when the bundle is evaluated: its objects would otherwise
// be in the start-up snapshot, and so in the heap of every isolate, rewriting or not.
let lol = null;
function ensureWasm() {
  if (lol !== null) return lol;
  const glue = require("html-rewriter-wasm/dist/html_rewriter.js");
  glue.__init(callHost("htmlRewriterModule"));
  lol = glue;
  return lol;
}

function checkHandlers(handlers, what) {
  if (handlers === null || typeof handlers !== "object") throw new TypeError(`${what} handlers must be an object.`);
}

export class HTMLRewriter {
  #registrations = [];

  on(selector, handlers) {
    checkHandlers(handlers, "Element");
    this.#registrations.push([String(selector), handlers]);
    return this;
  }

  onDocument(handlers) {
    checkHandlers(handlers, "Document");
    this.#registrations.push([null, handlers]);
    return this;
  }

  transform(response) {
    if (!(response instanceof Response)) throw new TypeError("transform() needs a Response.");
    const init = { status: response.status, statusText: response.statusText, headers: response.headers };
    const source = response.body;
    if (source === null) return new Response(null, init);
    const wasm = ensureWasm();
    const registrations = this.#registrations;
    const reader = source.getReader();
    let rewriter = null;
    const free = () => { if (rewriter !== null) { rewriter.free(); rewriter = null; } };
    const body = new ReadableStream({
      start(controller) {
        // The sink receives the rewritten bytes as lol-html emits them; its buffer is reused, so each chunk is copied.
        rewriter = new wasm.HTMLRewriter((chunk) => { if (chunk.length > 0) controller.enqueue(chunk.slice()); }, {});
        for (const [selector, handlers] of registrations) {
          if (selector === null) rewriter.onDocument(handlers);
          else rewriter.on(selector, handlers);
        }
      },
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            await rewriter.end();
            free();
            controller.close();
            return;
          }
          if (!(value instanceof Uint8Array)) throw new TypeError("HTMLRewriter can only transform bodies of bytes.");
          await rewriter.write(value);
        } catch (error) {
          free();
          reader.cancel(error).catch(() => {});
          controller.error(error);
        }
      },
      cancel(reason) {
        free();
        return reader.cancel(reason);
      },
    });
    const transformed = new Response(body, init);
    transformed.headers.delete("content-length");  // the rewritten body has a length of its own
    return transformed;
  }
}
