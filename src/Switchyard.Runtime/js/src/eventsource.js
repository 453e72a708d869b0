// EventSource (HTML §9.2, server-sent events) as Workers has it: `new EventSource(url, { fetcher })` connects with
// fetch() (or a binding's fetch(), Workers' `fetcher` option) and reconnects after the stream ends, sending the last
// event id; `EventSource.from(readableStream)` reads events from a stream the worker already has and never reconnects.
import { Event, EventTarget, defineEventHandler } from "./events.js";
import { DOMException } from "./domexception.js";
import { TextDecoder } from "./encoding.js";
import { URL } from "./url.js";
import { fetch } from "./fetch.js";
import { MessageEvent } from "./websocket.js";
import { defineConstants, defineInterface, isObject, requiredArguments, toUSVString } from "./webidl.js";

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;
const DEFAULT_RETRY_MS = 3000;
const INTERNAL = Symbol("EventSource internals");

/**
 * The event stream's parser: fed decoded text, it calls `dispatch(type, data, lastEventId)` for each event and
 * `setRetry(ms)` for each valid retry field. Lines end with CRLF, LF or CR; a CR at the end of a chunk waits to see
 * whether an LF follows.
 */
function eventStreamParser(dispatch, setRetry) {
  let buffer = "";
  let data = "";
  let type = "";
  let lastEventId = "";
  let pendingCR = false;
  function line(text) {
    if (text === "") {
      if (data !== "") dispatch(type === "" ? "message" : type, data.endsWith("\n") ? data.slice(0, -1) : data, lastEventId);
      data = "";
      type = "";
      return;
    }
    if (text.startsWith(":")) return;
    const colon = text.indexOf(":");
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") type = value;
    else if (field === "data") data += `${value}\n`;
    else if (field === "id") { if (!value.includes("\0")) lastEventId = value; }
    else if (field === "retry") { if (/^[0-9]+$/.test(value)) setRetry(Number(value)); }
  }
  return {
    feed(text) {
      if (pendingCR && text.startsWith("\n")) text = text.slice(1);
      pendingCR = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        line(buffer.slice(start, i));
        if (c === 13) {
          if (i + 1 === buffer.length) pendingCR = true;
          else if (buffer.charCodeAt(i + 1) === 10) i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    // The stream ended: an unfinished event is dropped, as the standard says.
    reset() { buffer = ""; data = ""; type = ""; pendingCR = false; },
    get lastEventId() { return lastEventId; },
  };
}

export class EventSource extends EventTarget {
  #url = "";
  #origin = "";  // the URL's, given to every message event
  #state = CONNECTING;
  #withCredentials = false;
  #fetcher = null;
  #retryMs = DEFAULT_RETRY_MS;
  #abort = null;
  #parser;

  constructor(url, init = undefined) {
    super();
    this.#parser = eventStreamParser((type, data, id) => this.#dispatchMessage(type, data, id), (ms) => { this.#retryMs = ms; });
    if (url === INTERNAL) return;
    requiredArguments(arguments.length, 1, "Failed to construct 'EventSource'");
    let parsed;
    try { parsed = new URL(toUSVString(url)); } catch { parsed = null; }
    if (parsed === null || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
      throw new DOMException(`Failed to construct 'EventSource': The URL '${url}' is invalid.`, "SyntaxError");
    }
    if (init !== undefined && init !== null && !isObject(init)) {
      throw new TypeError("Failed to construct 'EventSource': The provided value is not of type 'EventSourceInit'.");
    }
    this.#url = parsed.href;
    this.#origin = parsed.origin;
    this.#withCredentials = Boolean(init?.withCredentials);
    const fetcher = init?.fetcher;
    if (fetcher !== undefined && fetcher !== null && typeof fetcher?.fetch !== "function") {
      throw new TypeError("Failed to construct 'EventSource': fetcher must have a fetch() method.");
    }
    this.#fetcher = fetcher ?? null;
    queueMicrotask(() => this.#connect());
  }

  /** Workers: events from a stream the worker already has (no URL, no reconnection). */
  static from(stream) {
    requiredArguments(arguments.length, 1, "Failed to execute 'from' on 'EventSource'");
    const source = new EventSource(INTERNAL);
    queueMicrotask(() => source.#read(stream, false));
    return source;
  }

  get url() { return this.#url; }
  get readyState() { return this.#state; }
  get withCredentials() { return this.#withCredentials; }

  close() {
    this.#state = CLOSED;
    this.#abort?.abort();
    this.#abort = null;
  }

  async #connect() {
    if (this.#state === CLOSED) return;
    const abort = new AbortController();
    this.#abort = abort;
    const headers = { accept: "text/event-stream", "cache-control": "no-store" };
    if (this.#parser.lastEventId !== "") headers["last-event-id"] = this.#parser.lastEventId;
    let response;
    try {
      const init = { headers, signal: abort.signal };
      response = this.#fetcher === null ? await fetch(this.#url, init) : await this.#fetcher.fetch(this.#url, init);
    } catch {
      this.#reconnectLater();
      return;
    }
    const type = (response.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (response.status !== 200 || type !== "text/event-stream" || response.body === null) {
      // Not an event stream: the connection fails for good (the standard's "fail the connection").
      response.body?.cancel().catch(() => {});
      this.#fail();
      return;
    }
    await this.#read(response.body, true);
  }

  async #read(stream, reconnect) {
    if (this.#state === CLOSED) return;
    this.#state = OPEN;
    this.dispatchEvent(new Event("open"));
    const decoder = new TextDecoder();
    let first = true;
    try {
      const reader = stream.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done || this.#state === CLOSED) break;
        let text = decoder.decode(value, { stream: true });
        if (first && text !== "") {
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);  // a leading BOM is not part of the stream
          first = false;
        }
        this.#parser.feed(text);
      }
    } catch {
      // A broken stream ends like a finished one.
    }
    this.#parser.reset();
    if (this.#state === CLOSED) return;
    if (reconnect) this.#reconnectLater();
    else this.#fail();
  }

  #reconnectLater() {
    if (this.#state === CLOSED) return;
    this.#state = CONNECTING;
    this.dispatchEvent(new Event("error"));
    if (this.#state === CLOSED) return;  // a listener closed it
    setTimeout(() => this.#connect(), this.#retryMs);
  }

  #fail() {
    if (this.#state === CLOSED) return;
    this.#state = CLOSED;
    this.dispatchEvent(new Event("error"));
  }

  #dispatchMessage(type, data, lastEventId) {
    if (this.#state !== OPEN) return;
    this.dispatchEvent(new MessageEvent(type, { data, origin: this.#origin, lastEventId }));
  }
}
defineConstants(EventSource, { CONNECTING, OPEN, CLOSED });
defineEventHandler(EventSource.prototype, "open");
defineEventHandler(EventSource.prototype, "message");
defineEventHandler(EventSource.prototype, "error");
defineInterface(EventSource);
