// WebSocket as Workers has it. An end is one of a WebSocketPair (both ends in this isolate until one is returned in a
// 101 response and leaves it), a connection the host holds (fetch() with "Upgrade: websocket", another worker's 101
// response), or an outbound client made with `new WebSocket(url)`. A pair's or a fetched end delivers its events only
// after accept(); until then they wait, in order. Messages cross to the host whole: text as strings, binary as bytes.
import { callHost } from "./host.js";
import { Event, EventTarget, defineEventHandler } from "./events.js";
import { DOMException } from "./domexception.js";
import { createBlob } from "./blob.js";
import { utf8Encode } from "./encoding.js";
import { URL } from "./url.js";
import { fetch } from "./fetch.js";
import { defineConstants, defineInterface, requiredArguments, toUSVString } from "./webidl.js";

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
const INTERNAL = Symbol("WebSocket internals");

// Close codes a worker may send (RFC 6455 §7.4): 1005, 1006 and 1015 only describe what happened, never go on the wire.
const SENDABLE_CODES = new Set([1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014]);
const NO_STATUS = 1005;
const ABNORMAL = 1006;

export class MessageEvent extends Event {
  #data;
  #origin;
  #lastEventId;
  constructor(type, init = undefined) {
    requiredArguments(arguments.length, 1, "Failed to construct 'MessageEvent'");
    super(type, init);
    this.#data = init?.data ?? null;
    this.#origin = init?.origin === undefined ? "" : String(init.origin);
    this.#lastEventId = init?.lastEventId === undefined ? "" : String(init.lastEventId);
  }
  get data() { return this.#data; }
  get origin() { return this.#origin; }
  get lastEventId() { return this.#lastEventId; }
  get source() { return null; }
  get ports() { return []; }
}
defineInterface(MessageEvent);

export class CloseEvent extends Event {
  #code;
  #reason;
  #wasClean;
  constructor(type, init = undefined) {
    requiredArguments(arguments.length, 1, "Failed to construct 'CloseEvent'");
    super(type, init);
    this.#code = init?.code === undefined ? 0 : Number(init.code) & 0xffff;
    this.#reason = init?.reason === undefined ? "" : toUSVString(init.reason);
    this.#wasClean = Boolean(init?.wasClean);
  }
  get code() { return this.#code; }
  get reason() { return this.#reason; }
  get wasClean() { return this.#wasClean; }
}
defineInterface(CloseEvent);

export class ErrorEvent extends Event {
  #message;
  #error;
  constructor(type, init = undefined) {
    requiredArguments(arguments.length, 1, "Failed to construct 'ErrorEvent'");
    super(type, init);
    this.#message = init?.message === undefined ? "" : String(init.message);
    this.#error = init?.error;
  }
  get message() { return this.#message; }
  get filename() { return ""; }
  get lineno() { return 0; }
  get colno() { return 0; }
  get error() { return this.#error; }
}
defineInterface(ErrorEvent);

function messageData(message) {
  if (typeof message === "string") return message;
  if (message instanceof ArrayBuffer) return new Uint8Array(message.slice(0));
  if (ArrayBuffer.isView(message)) return new Uint8Array(message.buffer.slice(message.byteOffset, message.byteOffset + message.byteLength));
  return toUSVString(message);
}

export class WebSocket extends EventTarget {
  #state = OPEN;
  #url = null;
  #protocol = "";
  #binaryType = "arraybuffer";
  #accepted = false;
  #handedOut = false;    // left the isolate in a response: nothing more happens here
  #peer = null;          // the pair's other end, while both are in this isolate
  #hostId = null;        // the host's id of the other side, when it is outside the isolate
  #pending = [];         // frames that arrived before accept()
  #closeSent = false;
  #closeReceived = false;
  #closeRequested = null; // close() called while still connecting
  #pump = null;

  constructor(url, protocols = undefined) {
    super();
    if (url === INTERNAL) return;
    requiredArguments(arguments.length, 1, "Failed to construct 'WebSocket'");
    let parsed;
    try { parsed = new URL(toUSVString(url)); } catch { parsed = null; }
    if (parsed === null || !["ws:", "wss:", "http:", "https:"].includes(parsed.protocol) || parsed.hash !== "") {
      throw new DOMException(`Failed to construct 'WebSocket': The URL '${url}' is invalid.`, "SyntaxError");
    }
    const list = protocols === undefined ? [] : typeof protocols === "string" ? [protocols] : [...protocols].map(String);
    if (new Set(list).size !== list.length || list.some((p) => p === "" || /[^!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(p))) {
      throw new DOMException("Failed to construct 'WebSocket': The subprotocol is invalid.", "SyntaxError");
    }
    this.#url = parsed.href.replace(/^http/, "ws");
    this.#state = CONNECTING;
    this.#accepted = true;
    const headers = { upgrade: "websocket" };
    if (list.length > 0) headers["sec-websocket-protocol"] = list.join(", ");
    fetch(parsed.href.replace(/^ws/, "http"), { headers }).then((response) => {
      const socket = response.webSocket;
      if (socket === null) throw new Error(`The server answered ${response.status} instead of accepting the WebSocket.`);
      this.#hostId = socket.#hostId;
      socket.#hostId = null;
      socket.#handedOut = true;
      this.#protocol = response.headers.get("sec-websocket-protocol") ?? "";
      this.#state = OPEN;
      this.dispatchEvent(new Event("open"));
      this.#startPump();
      if (this.#closeRequested !== null) {
        const { code, reason } = this.#closeRequested;
        this.#closeRequested = null;
        this.#sendClose(code, reason);
      }
    }).catch((error) => {
      this.#state = CLOSED;
      this.dispatchEvent(new ErrorEvent("error", { message: String(error?.message ?? error), error }));
      this.dispatchEvent(new CloseEvent("close", { code: ABNORMAL, reason: "", wasClean: false }));
    });
  }

  get url() { return this.#url; }
  get readyState() { return this.#state; }
  get protocol() { return this.#protocol; }
  get extensions() { return ""; }
  get bufferedAmount() { return 0; }
  get binaryType() { return this.#binaryType; }
  set binaryType(value) {
    if (value === "arraybuffer" || value === "blob") this.#binaryType = value;
  }

  /** Starts delivering events (those that arrived before come first); a pair's or a fetched end must be accepted before use. */
  accept() {
    this.#usable("accept");
    if (this.#accepted) throw new TypeError(this.#url === null ? "This WebSocket has already been accepted." : "A WebSocket made with new WebSocket() needs no accept().");
    this.#accepted = true;
    const pending = this.#pending.splice(0);
    if (pending.length > 0) queueMicrotask(() => { for (const frame of pending) this.#deliver(frame); });
    this.#startPump();
  }

  send(message) {
    requiredArguments(arguments.length, 1, "Failed to execute 'send' on 'WebSocket'");
    this.#usable("send");
    if (this.#state === CONNECTING) throw new DOMException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", "InvalidStateError");
    if (!this.#accepted) throw new TypeError("You must call accept() on this WebSocket before sending messages.");
    if (this.#closeSent) throw new TypeError("Can't call WebSocket send() after close().");
    const data = messageData(message);
    this.#transmit({ kind: typeof data === "string" ? "text" : "binary", data });
  }

  close(code = undefined, reason = undefined) {
    this.#usable("close");
    if (code !== undefined) {
      code = Number(code);
      if (!Number.isInteger(code) || !(SENDABLE_CODES.has(code) || (code >= 3000 && code <= 4999))) {
        throw new DOMException(`Failed to execute 'close' on 'WebSocket': The close code ${code} is neither 1000 nor between 3000 and 4999.`, "InvalidAccessError");
      }
    }
    reason = reason === undefined ? "" : toUSVString(reason);
    if (utf8Encode(reason).byteLength > 123) {
      throw new DOMException("Failed to execute 'close' on 'WebSocket': The close reason must not be longer than 123 bytes.", "SyntaxError");
    }
    if (this.#closeSent || this.#state === CLOSED) return;
    if (this.#state === CONNECTING) {
      this.#closeRequested = { code: code ?? NO_STATUS, reason };
      this.#state = CLOSING;
      return;
    }
    this.#sendClose(code ?? NO_STATUS, reason);
  }

  #usable(what) {
    if (this.#handedOut) throw new TypeError(`Can't call WebSocket ${what}() on a WebSocket that was returned in a Response.`);
  }

  #sendClose(code, reason) {
    this.#closeSent = true;
    this.#state = this.#closeReceived ? CLOSED : CLOSING;
    this.#transmit({ kind: "close", code, reason });
  }

  #transmit(frame) {
    if (this.#hostId !== null) {
      try {
        if (frame.kind === "close") callHost("webSocketClose", this.#hostId, frame.code, frame.reason);
        else callHost("webSocketSend", this.#hostId, frame.data);
      } catch (error) {
        // The host has let the connection go (it broke, or the invocation ended): it is closed.
        this.#arrive({ kind: "error", code: ABNORMAL, reason: String(error?.message ?? error) }, false);
      }
    } else if (this.#peer !== null) {
      this.#peer.#arrive(frame, false);
    }
  }

  // `now`: deliver in this turn (the host pump's continuation); a frame from the partner in this isolate waits for a
  // microtask instead, so that a listener never runs inside the partner's send() or close().
  #arrive(frame, now) {
    if (this.#handedOut) return;
    if (!this.#accepted) { this.#pending.push(frame); return; }
    if (now) this.#deliver(frame);
    else queueMicrotask(() => this.#deliver(frame));
  }

  #deliver(frame) {
    if (this.#state === CLOSED && frame.kind !== "close") return;
    switch (frame.kind) {
      case "text":
        this.dispatchEvent(new MessageEvent("message", { data: frame.data }));
        break;
      case "binary": {
        const bytes = frame.data;
        const data = this.#binaryType === "blob" ? createBlob(bytes) : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        this.dispatchEvent(new MessageEvent("message", { data }));
        break;
      }
      case "close":
        if (this.#state === CLOSED) return;
        this.#closeReceived = true;
        // The close frame is answered at once, with the peer's code (as Workers' auto-reply to close does): a close()
        // in the listener then does nothing.
        if (!this.#closeSent) this.#sendClose(frame.code, frame.reason);
        this.#state = CLOSED;
        this.dispatchEvent(new CloseEvent("close", { code: frame.code, reason: frame.reason, wasClean: true }));
        break;
      default:
        this.#state = CLOSED;
        this.#closeSent = true;
        this.dispatchEvent(new ErrorEvent("error", { message: frame.reason }));
        this.dispatchEvent(new CloseEvent("close", { code: ABNORMAL, reason: "", wasClean: false }));
    }
  }

  // Pulls what the other side says from the host until its close or break, then tells the host it is done.
  #startPump() {
    if (this.#pump !== null || this.#hostId === null) return this.#pump;
    const id = this.#hostId;
    this.#pump = (async () => {
      for (;;) {
        let frame;
        try {
          frame = await callHost("webSocketReceive", id);
        } catch (error) {
          frame = { kind: "error", code: ABNORMAL, reason: String(error?.message ?? error) };
        }
        this.#arrive(frame, true);
        if (frame.kind === "close" || frame.kind === "error") break;
      }
      try { callHost("webSocketFinish", id); } catch { /* the invocation is over: nothing to tell */ }
    })();
    return this.#pump;
  }

  static pair() {
    const a = new WebSocket(INTERNAL);
    const b = new WebSocket(INTERNAL);
    a.#peer = b;
    b.#peer = a;
    return [a, b];
  }

  static fromHost(id) {
    const socket = new WebSocket(INTERNAL);
    socket.#hostId = id;
    return socket;
  }

  /**
   * The end a 101 response carries, leaving the isolate: `{ id, done }`, where `id` names it to the host and `done`
   * (null for a connection passed on untouched) settles when the end kept here has seen its close.
   */
  static handOver(socket) {
    if (!(socket instanceof WebSocket)) throw new TypeError("The Response's webSocket is not a WebSocket.");
    if (socket.#handedOut) throw new TypeError("This WebSocket has already been returned in a Response.");
    if (socket.#accepted) throw new TypeError("A WebSocket that was accepted here (or made with new WebSocket()) cannot be returned in a Response.");
    socket.#handedOut = true;
    socket.#state = CLOSED;
    if (socket.#hostId !== null) {
      const id = socket.#hostId;
      socket.#hostId = null;
      return { id, done: null };
    }
    const partner = socket.#peer;
    socket.#peer = null;
    const id = callHost("webSocketCreate");
    partner.#peer = null;
    partner.#hostId = id;
    // What the partner said before this end left goes out first.
    for (const frame of socket.#pending.splice(0)) partner.#transmit(frame);
    return { id, done: partner.#startPump() };
  }
}
defineConstants(WebSocket, { CONNECTING, OPEN, CLOSING, CLOSED });
defineEventHandler(WebSocket.prototype, "open");
defineEventHandler(WebSocket.prototype, "message");
defineEventHandler(WebSocket.prototype, "close");
defineEventHandler(WebSocket.prototype, "error");
export const webSocketPairEnds = WebSocket.pair;
export const webSocketFromHost = WebSocket.fromHost;
export const handOverWebSocket = WebSocket.handOver;
for (const name of ["pair", "fromHost", "handOver"]) delete WebSocket[name];
defineInterface(WebSocket);

/** `new WebSocketPair()`: `{0: client, 1: server}`; return the client in a 101 response and accept() the server. */
export class WebSocketPair {
  constructor() {
    const [client, server] = webSocketPairEnds();
    this[0] = client;
    this[1] = server;
  }
}
defineInterface(WebSocketPair);
