// Installs the runtime on the global object with Web IDL property attributes: interfaces and namespaces are
// non-enumerable; operations (fetch, atob, ...) and attributes (crypto, navigator, ...) are enumerable.
import "./host.js"; // first: captures and removes the host interface before anything else runs
import { DOMException } from "./domexception.js";
import { Event, EventTarget, CustomEvent, setListenerErrorReporter, setEventClock } from "./events.js";
import { AbortController, AbortSignal } from "./abort.js";
import { setTimeout, setInterval, clearTimeout, clearInterval, queueMicrotask, scheduler, Scheduler, setTimerErrorReporter } from "./timers.js";
import { TextEncoder, TextDecoder, TextEncoderStream, TextDecoderStream } from "./encoding.js";
import * as streams from "./streams.js";
import { atob, btoa } from "./base64.js";
import { Blob, File } from "./blob.js";
import { FormData } from "./formdata.js";
import { URL, URLSearchParams } from "./url.js";
import { URLPattern } from "./urlpattern.js";
import { Headers } from "./headers.js";
import { Request } from "./request.js";
import { Response } from "./response.js";
import { fetch } from "./fetch.js";
import { console, setConsoleClock } from "./console.js";
import { performance, Performance } from "./performance.js";
import { navigator, Navigator } from "./navigator.js";
import { crypto, Crypto, CryptoKey, SubtleCrypto } from "./crypto.js";
import { structuredClone, registerNonSerializable } from "./structured-clone.js";
import { CompressionStream, DecompressionStream } from "./compression.js";
import { createRequest, requestCfJson, requestHostHeaderList, responseFromHost, responseParts } from "./runtime-api.js";
import { inspect } from "./inspect.js";
import { HTMLRewriter } from "./html-rewriter.js";
import { WebSocket, WebSocketPair, MessageEvent, CloseEvent, ErrorEvent } from "./websocket.js";
import { EventSource } from "./eventsource.js";

const g = globalThis;

function reportError(error) {
  console.error("Uncaught", error);
}
setListenerErrorReporter(reportError);
setTimerErrorReporter(reportError);
setEventClock(() => performance.now());
setConsoleClock(() => performance.now());

const interfaces = {
  DOMException, Event, EventTarget, CustomEvent, AbortController, AbortSignal,
  TextEncoder, TextDecoder, TextEncoderStream, TextDecoderStream,
  ReadableStream: streams.ReadableStream, ReadableStreamDefaultReader: streams.ReadableStreamDefaultReader,
  ReadableStreamBYOBReader: streams.ReadableStreamBYOBReader, ReadableStreamBYOBRequest: streams.ReadableStreamBYOBRequest,
  ReadableStreamDefaultController: streams.ReadableStreamDefaultController,
  ReadableByteStreamController: streams.ReadableByteStreamController, WritableStream: streams.WritableStream,
  WritableStreamDefaultWriter: streams.WritableStreamDefaultWriter,
  WritableStreamDefaultController: streams.WritableStreamDefaultController, TransformStream: streams.TransformStream,
  TransformStreamDefaultController: streams.TransformStreamDefaultController,
  ByteLengthQueuingStrategy: streams.ByteLengthQueuingStrategy, CountQueuingStrategy: streams.CountQueuingStrategy,
  CompressionStream, DecompressionStream,
  Blob, File, FormData, URL, URLSearchParams, URLPattern, Headers, Request, Response,
  Crypto, CryptoKey, SubtleCrypto, Performance, Navigator, Scheduler, HTMLRewriter,
  WebSocket, WebSocketPair, MessageEvent, CloseEvent, ErrorEvent, EventSource,
};

const operations = {
  fetch, atob, btoa, setTimeout, setInterval, clearTimeout, clearInterval, queueMicrotask, structuredClone,
};

const attributes = { crypto, performance, navigator, scheduler, self: g };

for (const [name, value] of Object.entries(interfaces)) {
  Object.defineProperty(g, name, { value, writable: true, enumerable: false, configurable: true });
}
for (const [name, value] of Object.entries(operations)) {
  Object.defineProperty(g, name, { value, writable: true, enumerable: true, configurable: true });
}
for (const [name, value] of Object.entries(attributes)) {
  Object.defineProperty(g, name, { value, writable: true, enumerable: true, configurable: true });
}
Object.defineProperty(g, "console", { value: console, writable: true, enumerable: false, configurable: true });

// Service-worker syntax (`addEventListener("fetch", ...)`) listens on the global scope.
const globalScope = new EventTarget();
for (const name of ["addEventListener", "removeEventListener", "dispatchEvent"]) {
  const method = EventTarget.prototype[name];
  Object.defineProperty(g, name, {
    value: { [name](...args) { return Reflect.apply(method, globalScope, args); } }[name],
    writable: true, enumerable: true, configurable: true,
  });
}

registerNonSerializable(
  EventTarget, Event, AbortController, TextEncoder, TextDecoder, TextEncoderStream, TextDecoderStream,
  streams.ReadableStream, streams.WritableStream, streams.TransformStream, streams.ReadableStreamDefaultReader,
  streams.ReadableStreamBYOBReader, streams.WritableStreamDefaultWriter, FormData, URL, URLSearchParams, URLPattern,
  Headers, Request, Response, CompressionStream, DecompressionStream, Crypto, SubtleCrypto, WebSocket,
);

Object.defineProperty(g, "__switchyard_runtime", {
  value: Object.freeze({
    createRequest, requestHostHeaderList, requestCfJson, responseParts, responseFromHost, globalScope, inspect, reportError,
  }),
  writable: false, enumerable: false, configurable: true,
});
