// The runtime -> host direction: helpers the host uses to hand an incoming HTTP request to worker code and to
// read the Response it gets back, without reimplementing Fetch semantics in C#. Published as
// `globalThis.__switchyard_runtime`, which the host takes and deletes before any worker code runs.
import { callHost } from "./host.js";
import { InnerBody } from "./body.js";
import { hostHeaderList } from "./headers.js";
import { ignoreForSubrequests, requestCfJson, requestFromHost, requestHostHeaderList, setRequestBody } from "./request.js";
import { Response, responseBody, responseFromHost as responseFromParts, responseHeaders } from "./response.js";
import { handOverWebSocket, webSocketFromHost } from "./websocket.js";
import { ReadableStream, readChunk } from "./streams.js";

function incomingBodyStream(bodyId) {
  let done = false;
  return new ReadableStream({
    type: "bytes",
    async pull(controller) {
      const chunk = await callHost("readBody", bodyId);
      if (chunk === null || chunk === undefined) { done = true; controller.close(); return; }
      const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
      if (bytes.byteLength > 0) controller.enqueue(bytes);
    },
    cancel() { if (!done) { done = true; callHost("cancelBody", bodyId); } },
  }, { highWaterMark: 0 });
}

/**
 * Builds the Request a worker's fetch handler receives. `hostHeaderList` is the host's joined list (headersFromHostList),
 * `cfJson` JSON or null. `body` is null, a Uint8Array, or a number naming a host body stream read through `readBody`.
 * Headers are immutable, as on Workers' incoming requests. `signal` (enable_request_signal) aborts when the client
 * disconnects; unless `signalIgnoredBySubrequests` is false (request_signal_passthrough) a fetch() made from the request
 * does not follow it.
 */
export function createRequest(method, url, hostHeaderList, cfJson, body, signal = null, signalIgnoredBySubrequests = false) {
  if (signal !== null && signalIgnoredBySubrequests) ignoreForSubrequests(signal);
  const request = requestFromHost(method, url, hostHeaderList, cfJson, signal);
  if (typeof body === "number") setRequestBody(request, new InnerBody(null, incomingBodyStream(body)));
  else if (body !== null && body !== undefined) setRequestBody(request, new InnerBody(body instanceof Uint8Array ? body : new Uint8Array(body)));
  return request;
}

/**
 * Splits a worker's Response into what the host writes to the wire. `headers` is every name and value joined by
 * "\0", as the host's list into the isolate is (no header can hold a NUL). A body held whole in memory (a string,
 * buffer or JSON body never turned into a stream) comes back as `bytes`, so the host needs no further call;
 * otherwise `body` is null or an object whose `read()` resolves to the next Uint8Array chunk or null at the end,
 * and whose `cancel(reason)` abandons it.
 */
export function responseParts(response) {
  if (!(response instanceof Response)) throw new TypeError("The handler did not return a Response.");
  const body = responseBody(response);
  let reader = null;
  let bytes = null;
  if (body !== null) {
    if (body.used) throw new TypeError("The Response body has already been used.");
    if (body.stream === null && body.source !== null) {
      body.usedDirectly = true;
      bytes = body.source;
    } else {
      reader = body.getStream().getReader();
    }
  }
  return {
    status: response.status,
    statusText: response.statusText,
    headers: hostHeaderList(responseHeaders(response)),
    // A 101's WebSocket leaves the isolate: { id, done } (see handOverWebSocket), or null.
    webSocket: response.webSocket === null ? null : handOverWebSocket(response.webSocket),
    bytes,
    body: reader === null ? null : {
      // Reads without reader.read(), whose { value, done } result a worker's Object.prototype.then could replace.
      async read() { return (await readChunk(reader)).value; },
      cancel(reason) { return reader.cancel(reason); },
    },
  };
}

export { requestCfJson, requestHostHeaderList };

/** A binding's answer as a Response; `webSocketId` names the WebSocket of a 101 answer (null: none). */
export function responseFromHost(status, statusText, hostHeaderList, body, webSocketId = null) {
  return responseFromParts(status, statusText, hostHeaderList, body,
    webSocketId === null || webSocketId === undefined ? null : webSocketFromHost(webSocketId));
}
