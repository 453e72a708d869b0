// fetch() (Fetch Standard §5.6): builds the Request, hands it to the host in one call, and exposes the response
// body as a byte stream that pulls chunks from the host on demand. Request bodies are buffered before the call.
import { callHost } from "./host.js";
import { addAbortAlgorithm, removeAbortAlgorithm } from "./abort.js";
import { Request, isIgnoredForSubrequests, requestBody, requestHeaderList } from "./request.js";
import { responseFromNetwork } from "./response.js";
import { ReadableStream } from "./streams.js";
import { webSocketFromHost } from "./websocket.js";

let nextFetchId = 1;

function hostBodyStream(bodyId, signal) {
  let finished = false;
  let onAbort = null;
  const finish = () => {
    finished = true;
    if (onAbort !== null) removeAbortAlgorithm(signal, onAbort);
  };
  return new ReadableStream({
    type: "bytes",
    start(controller) {
      onAbort = () => {
        if (finished) return;
        finished = true;
        callHost("cancelBody", bodyId);
        controller.error(signal.reason);
      };
      addAbortAlgorithm(signal, onAbort);
    },
    async pull(controller) {
      if (finished) return;
      let chunk;
      try {
        chunk = await callHost("readBody", bodyId);
      } catch (error) {
        if (finished) return;
        finish();
        throw new TypeError(`The response body could not be read: ${error?.message ?? error}`);
      }
      if (finished) return;
      if (chunk === null || chunk === undefined) {
        finish();
        controller.close();
        return;
      }
      const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
      if (bytes.byteLength > 0) controller.enqueue(bytes);
    },
    cancel() {
      if (finished) return;
      finish();
      callHost("cancelBody", bodyId);
    },
  }, { highWaterMark: 0 });
}

const GLOBAL_SCOPE_REFUSAL = "Disallowed operation called within global scope.";

export async function fetch(input, init = undefined) {
  if (arguments.length < 1) throw new TypeError("Failed to execute 'fetch': 1 argument required, but only 0 present.");
  const request = new Request(input, init);
  // The incoming request's signal (enable_request_signal) does not cancel a subrequest made from it.
  const signal = isIgnoredForSubrequests(request.signal) ? new AbortController().signal : request.signal;
  signal.throwIfAborted();
  const body = requestBody(request);
  const bodyBytes = body === null ? null : (await body.consume()).value;
  signal.throwIfAborted();

  const id = nextFetchId++;
  const abort = () => callHost("abortFetch", id);
  addAbortAlgorithm(signal, abort);
  let result;
  try {
    result = await callHost("fetch", {
      id,
      method: request.method,
      url: request.url,
      headers: requestHeaderList(request).map(([k, v]) => [k, v]),
      body: bodyBytes,
      redirect: request.redirect,
      cf: request.cf,
    });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    // Refused in global scope: Cloudflare's plain Error, not a network failure.
    if (String(error?.message).startsWith(GLOBAL_SCOPE_REFUSAL)) throw new Error(error.message);
    throw new TypeError(`fetch failed: ${error?.message ?? String(error)}`);
  } finally {
    removeAbortAlgorithm(signal, abort);
  }
  if (signal.aborted) {
    if (result.body !== null && result.body !== undefined) callHost("cancelBody", result.body);
    throw signal.reason;
  }
  const finalUrl = typeof result.url === "string" && result.url !== "" ? result.url : request.url;
  return responseFromNetwork({
    status: result.status,
    statusText: result.statusText ?? "",
    headers: result.headers ?? [],
    urlList: result.redirected ? [request.url, finalUrl] : [finalUrl],
    body: result.body === null || result.body === undefined ? null : hostBodyStream(result.body, signal),
    // "Upgrade: websocket" answered with 101: the connection, accept()ed by the worker or returned in its response.
    webSocket: result.webSocket === null || result.webSocket === undefined ? null : webSocketFromHost(result.webSocket),
  });
}
