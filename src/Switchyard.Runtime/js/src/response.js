// Response (Fetch Standard §5.5): constructor, Response.error/redirect/json, clone (teeing a streamed body),
// plus Workers' `cf` and `webSocket` members.
import { InnerBody, extractBody, mixinBody } from "./body.js";
import { Headers, fillHeaders, headersFromHostList, headersFromList, headersGuard as headersGuardOf, setHeadersGuard } from "./headers.js";
import { absoluteURL } from "./request.js";
import { utf8Encode } from "./encoding.js";
import { defineInterface, isObject, requiredArguments, toByteString, toUSVString } from "./webidl.js";
import { WebSocket } from "./websocket.js";

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CONSTRUCTING = Symbol("Response internals");

export class Response {
  #type = "default";
  #status = 200;
  #statusText = "";
  #headers;
  #body = null;
  #urlList = [];
  #cf = undefined;
  #webSocket = null;

  constructor(body = null, init = undefined) {
    if (init !== undefined && init !== null && !isObject(init)) {
      throw new TypeError("Failed to construct 'Response': The provided value is not of type 'ResponseInit'.");
    }
    init = init ?? {};
    this.#headers = new Headers();
    if (body === CONSTRUCTING) return; // internal construction fills the slots itself
    const status = init.status === undefined ? 200 : Number(init.status);
    // Workers: a WebSocket goes back to the client in a 101 response, and only there.
    const webSocket = init.webSocket ?? null;
    if (webSocket !== null) {
      if (!(webSocket instanceof WebSocket)) throw new TypeError("Failed to construct 'Response': webSocket is not a WebSocket.");
      if (status !== 101) throw new RangeError("Failed to construct 'Response': a Response with a webSocket must have status 101.");
    } else if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new RangeError(`Failed to construct 'Response': The status provided (${init.status}) is outside the range [200, 599].`);
    }
    const statusText = init.statusText === undefined ? "" : toByteString(init.statusText, "statusText");
    if (!isReasonPhrase(statusText)) throw new TypeError("Failed to construct 'Response': Invalid statusText.");
    this.#status = status;
    this.#statusText = statusText;
    if (init.headers !== undefined) fillHeaders(this.#headers, init.headers);
    if (init.cf !== undefined) this.#cf = init.cf;
    this.#webSocket = webSocket;
    if (body !== null && body !== undefined) {
      if (NULL_BODY_STATUSES.has(status)) {
        throw new TypeError(`Failed to construct 'Response': Response with null body status (${status}) cannot have a body.`);
      }
      const extracted = extractBody(body);
      this.#body = extracted.body;
      if (extracted.type !== null && !this.#headers.has("content-type")) this.#headers.append("content-type", extracted.type);
    }
    setHeadersGuard(this.#headers, "response");
  }

  static error() {
    const response = new Response(CONSTRUCTING);
    response.#type = "error";
    response.#status = 0;
    setHeadersGuard(response.#headers, "immutable");
    return response;
  }

  static redirect(url, status = 302) {
    requiredArguments(arguments.length, 1, "Failed to execute 'redirect' on 'Response'");
    const location = absoluteURL(toUSVString(url), "Failed to execute 'redirect' on 'Response'");
    const code = Number(status);
    if (!REDIRECT_STATUSES.has(code)) {
      throw new RangeError(`Failed to execute 'redirect' on 'Response': Invalid status code ${status}.`);
    }
    const response = new Response(CONSTRUCTING);
    response.#status = code;
    response.#headers.set("location", location);
    setHeadersGuard(response.#headers, "immutable");
    return response;
  }

  static json(data, init = undefined) {
    requiredArguments(arguments.length, 1, "Failed to execute 'json' on 'Response'");
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError("Failed to execute 'json' on 'Response': The data is not JSON serializable.");
    const response = new Response(null, init);
    if (NULL_BODY_STATUSES.has(response.#status)) {
      throw new TypeError(`Failed to construct 'Response': Response with null body status (${response.#status}) cannot have a body.`);
    }
    response.#body = new InnerBody(utf8Encode(text)); // fresh bytes: no copy, unlike a body passed in
    if (!response.#headers.has("content-type")) response.#headers.append("content-type", "application/json");
    return response;
  }

  get type() { return this.#type; }
  get url() {
    const url = this.#urlList.at(-1);
    if (url === undefined) return "";
    const hash = url.indexOf("#");
    return hash < 0 ? url : url.slice(0, hash);
  }
  get redirected() { return this.#urlList.length > 1; }
  get status() { return this.#status; }
  get ok() { return this.#status >= 200 && this.#status <= 299; }
  get statusText() { return this.#statusText; }
  get headers() { return this.#headers; }
  get cf() { return this.#cf; }
  get webSocket() { return this.#webSocket; }

  clone() {
    if (this.#type === "error") {
      return Response.error();
    }
    if (this.#body !== null && this.#body.used) throw new TypeError("Failed to execute 'clone' on 'Response': Response body is already used.");
    const copy = new Response(CONSTRUCTING);
    copy.#type = this.#type;
    copy.#status = this.#status;
    copy.#statusText = this.#statusText;
    copy.#urlList = this.#urlList.slice();
    copy.#cf = this.#cf;
    fillHeaders(copy.#headers, this.#headers);
    setHeadersGuard(copy.#headers, headersGuardOf(this.#headers));
    copy.#body = this.#body === null ? null : this.#body.clone();
    return copy;
  }

  static bodyOf(response) { return response.#body; }
  static headersOf(response) { return response.#headers; }

  /** Builds a response the runtime received (from the host's fetch): immutable headers, streamed body. */
  static fromNetwork({ status, statusText, headers, urlList, body, webSocket = null }) {
    const response = new Response(CONSTRUCTING);
    response.#status = status;
    response.#webSocket = webSocket;
    response.#statusText = statusText;
    response.#headers = headersFromList(headers, "immutable");
    response.#urlList = urlList;
    response.#body = body === null ? null : new InnerBody(null, body);
    return response;
  }

  /**
   * Builds the response of a binding's fetch() (another worker's answer, passed on by the host): its headers as the
   * host's joined list, taken apart only if read, and mutable, as a constructed Response's are. `body` is null, the
   * bytes whole (not copied: they are the host's fresh copy) or a stream.
   */
  static fromHost(status, statusText, hostHeaderList, body, webSocket = null) {
    const response = new Response(CONSTRUCTING);
    response.#status = status;
    response.#webSocket = webSocket;
    response.#statusText = statusText;
    response.#headers = headersFromHostList(hostHeaderList, "response");
    response.#body = body === null ? null : body instanceof Uint8Array ? new InnerBody(body) : new InnerBody(null, body);
    return response;
  }
}

export const responseBody = Response.bodyOf;
export const responseHeaders = Response.headersOf;
export const responseFromNetwork = Response.fromNetwork;
export const responseFromHost = Response.fromHost;
for (const key of ["bodyOf", "headersOf", "fromNetwork", "fromHost"]) delete Response[key];

mixinBody(Response, responseBody, responseHeaders);
defineInterface(Response);

// A loop, not a regular expression: a fresh isolate compiles each regular expression on first use, and every
// Response construction checks its statusText.
function isReasonPhrase(s) {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff || c === 0x7f || (c < 0x20 && c !== 0x09)) return false;
  }
  return true;
}
