// Request (Fetch Standard §5.4) with the members Cloudflare Workers exposes, including `cf`.
// Workers has no document, so relative URLs cannot be resolved and are rejected.
import { AbortSignal, AbortController, isAbortSignal } from "./abort.js";
import { InnerBody, extractBody, mixinBody } from "./body.js";
import { Headers, fillHeaders, headerList, headersFromHostList, hostHeaderList, setHeadersGuard } from "./headers.js";
import { serializeAbsoluteURL } from "./url.js";
import { defineInterface, isHttpToken, isObject, requiredArguments, toByteString, toUSVString } from "./webidl.js";

const NORMALISED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);
const REDIRECT_MODES = new Set(["follow", "error", "manual"]);
const CONSTRUCTING = Symbol("Request internals");

/** The serialization of an absolute URL string; a relative or invalid one is a TypeError naming `context`. */
export function absoluteURL(input, context) {
  const href = serializeAbsoluteURL(input);
  if (href === null) throw new TypeError(`${context}: Invalid URL: ${input}`);
  return href;
}

function normaliseMethod(method) {
  if (NORMALISED_METHODS.has(method)) return method; // already a valid, normalised token
  const m = toByteString(method, "Request method");
  if (!isHttpToken(m)) throw new TypeError(`'${m}' is not a valid HTTP method.`);
  const upper = m.toUpperCase();
  if (FORBIDDEN_METHODS.has(upper)) throw new TypeError(`'${m}' HTTP method is unsupported.`);
  return NORMALISED_METHODS.has(upper) ? upper : m;
}

function neverAbortedSignal() {
  return new AbortController().signal;
}

// Signals a fetch() does not follow: an incoming request's signal under enable_request_signal (unless
// request_signal_passthrough), and the signals of requests made from it, as workerd's IGNORE_FOR_SUBREQUESTS. A proxy's
// fetch(request) then completes even when its own client has gone.
const ignoredBySubrequests = new WeakSet();
export function ignoreForSubrequests(signal) { ignoredBySubrequests.add(signal); }
export function isIgnoredForSubrequests(signal) { return ignoredBySubrequests.has(signal); }

export class Request {
  #method = "GET";
  #url = "";
  #headers;
  #body = null;
  #redirect = "follow";
  #signal;
  #cf = undefined;
  #cfJson = null; // the host's cf, parsed when first read: most handlers never read it
  #integrity = "";
  #keepalive = false;

  constructor(input, init = undefined) {
    requiredArguments(arguments.length, 1, "Failed to construct 'Request'");
    if (input === CONSTRUCTING) return; // internal construction fills the slots itself
    if (init !== undefined && init !== null && !isObject(init)) {
      throw new TypeError("Failed to construct 'Request': The provided value is not of type 'RequestInit'.");
    }
    init = init ?? {};
    let inputBody = null;
    let parentSignal = null;
    if (input instanceof Request) {
      this.#method = input.#method;
      this.#url = input.#url;
      this.#redirect = input.#redirect;
      this.#cf = input.cf;
      this.#integrity = input.#integrity;
      this.#keepalive = input.#keepalive;
      inputBody = input.#body;
      parentSignal = input.#signal;
    } else {
      this.#url = absoluteURL(toUSVString(input), "Failed to construct 'Request'");
    }

    if (init.method !== undefined) this.#method = normaliseMethod(init.method);
    if (init.redirect !== undefined) {
      const redirect = String(init.redirect);
      if (!REDIRECT_MODES.has(redirect)) {
        throw new TypeError(`Failed to construct 'Request': The provided value '${redirect}' is not a valid enum value of type RequestRedirect.`);
      }
      this.#redirect = redirect;
    }
    if (init.integrity !== undefined) this.#integrity = String(init.integrity);
    if (init.keepalive !== undefined) this.#keepalive = Boolean(init.keepalive);
    if (init.cf !== undefined) this.#cf = init.cf;
    if ("signal" in init) {
      const signal = init.signal;
      if (signal !== null && signal !== undefined && !isAbortSignal(signal)) {
        throw new TypeError("Failed to construct 'Request': member signal is not of type AbortSignal.");
      }
      parentSignal = signal ?? null;
    }
    // A request without a signal to follow gets its never-aborted one when first asked for it: most never are.
    this.#signal = parentSignal === null ? null : AbortSignal.any([parentSignal]);
    if (parentSignal !== null && ignoredBySubrequests.has(parentSignal)) ignoredBySubrequests.add(this.#signal);

    this.#headers = new Headers();
    const headersInit = init.headers !== undefined ? init.headers : input instanceof Request ? input.#headers : undefined;
    if (headersInit !== undefined) fillHeaders(this.#headers, headersInit);

    const hasInitBody = init.body !== undefined && init.body !== null;
    if ((hasInitBody || inputBody !== null) && (this.#method === "GET" || this.#method === "HEAD")) {
      throw new TypeError("Failed to construct 'Request': Request with a GET or HEAD method cannot have a body.");
    }
    if (hasInitBody) {
      const { body, type } = extractBody(init.body);
      this.#body = body;
      if (type !== null && !this.#headers.has("content-type")) this.#headers.append("content-type", type);
    } else if (inputBody !== null) {
      if (inputBody.used) throw new TypeError("Failed to construct 'Request': Cannot construct a Request with a Request object that has already been used.");
      // The new request takes over the input's body; the input is left "used" (Fetch §5.4 step 41).
      this.#body = inputBody;
      const spent = new InnerBody(new Uint8Array(0));
      spent.usedDirectly = true;
      input.#body = spent;
    }
    setHeadersGuard(this.#headers, "request");
  }

  get method() { return this.#method; }
  get url() { return this.#url; }
  get headers() { return this.#headers; }
  get redirect() { return this.#redirect; }
  get signal() { return this.#signal ??= neverAbortedSignal(); }
  get cf() {
    if (this.#cfJson !== null) {
      this.#cf = JSON.parse(this.#cfJson);
      this.#cfJson = null;
    }
    return this.#cf;
  }
  get integrity() { return this.#integrity; }
  get keepalive() { return this.#keepalive; }
  get fetcher() { return null; }

  clone() {
    if (this.#body !== null && this.#body.used) throw new TypeError("Failed to execute 'clone' on 'Request': Request body is already used.");
    const copy = new Request(this.#url, { method: this.#method, headers: this.#headers, redirect: this.#redirect,
      cf: this.cf, integrity: this.#integrity, keepalive: this.#keepalive, signal: this.#signal });
    copy.#body = this.#body === null ? null : this.#body.clone();
    return copy;
  }

  static bodyOf(request) { return request.#body; }
  static headersOf(request) { return request.#headers; }
  static setBody(request, body) { request.#body = body; }
  static cfJsonOf(request) {
    if (request.#cfJson !== null) return request.#cfJson;
    const cf = request.#cf;
    return cf !== null && typeof cf === "object" && !Array.isArray(cf) ? JSON.stringify(cf) : null;
  }
  static fromHost(method, url, hostHeaderList, cfJson, signal = null) {
    const request = new Request(CONSTRUCTING);
    request.#method = normaliseMethod(method);
    request.#url = absoluteURL(url, "Failed to construct 'Request'");
    request.#signal = signal;
    request.#headers = headersFromHostList(hostHeaderList, "immutable");
    request.#cfJson = cfJson;
    return request;
  }
}

export const requestBody = Request.bodyOf;
const requestHeaders = Request.headersOf;
export const setRequestBody = Request.setBody;
/** An incoming request from the host: its headers as the host's joined list (immutable), its cf as JSON or null. */
export const requestFromHost = Request.fromHost;
/** The request's cf as JSON for the host (null when it is not an object): the host's own text when never parsed. */
export const requestCfJson = Request.cfJsonOf;
for (const key of ["bodyOf", "headersOf", "setBody", "cfJsonOf", "fromHost"]) delete Request[key];

mixinBody(Request, requestBody, requestHeaders);
defineInterface(Request);

/** The header list of a request as [name, value] pairs, for handing to the host. */
export function requestHeaderList(request) { return headerList(requestHeaders(request)); }

/** The header list of a request joined for the host (hostHeaderList). */
export function requestHostHeaderList(request) { return hostHeaderList(requestHeaders(request)); }
