// URL (URL Standard §6.1) over whatwg-url's parser and serializers, and whatwg-url's URLSearchParams.
//
// Why URL is written here rather than taken from whatwg-url: its generated wrapper makes every `new URL` build two
// objects per class (wrapper and implementation, joined by Object.defineProperty) and a URLSearchParams pair parsed
// from the query, whether or not anyone reads `searchParams`. Request and most handlers make a URL per request, and
// that was a third of a hello worker's JavaScript time. This URL keeps the record in a private field and makes its
// URLSearchParams on first use.
import URLSearchParamsWrapper from "whatwg-url/lib/URLSearchParams.js";
import urlStateMachine from "whatwg-url/lib/url-state-machine.js";
import urlencoded from "whatwg-url/lib/urlencoded.js";
import { wrapperForImpl } from "whatwg-url/lib/utils.js";
import { parsePlainURL } from "./url-fast-path.js";
import { defineInterface, requiredArguments, toUSVString } from "./webidl.js";

const usm = urlStateMachine;

// whatwg-url installs its classes into a "global object"; it gets a private one here so that its constructor
// registry never lands on the real global.
const realm = Object.create(null);
realm.Object = Object;
realm.Array = Array;
realm.String = String;
realm.Number = Number;
realm.TypeError = TypeError;
realm.RangeError = RangeError;
realm.eval = () => { throw new EvalError("unavailable"); };
URLSearchParamsWrapper.install(realm, ["Window"]);

export const URLSearchParams = realm.URLSearchParams;

// A worker parses the same strings again and again: each request's own URL at least twice, once for its Request and
// once in a handler's `new URL(request.url)`. A parse without base, record to update or state override is a pure
// function of its input, so its result is kept in a small map, and every caller gets its own copy, since the URL
// setters change the record in place. A miss tries the fast path for plain http(s) URLs (url-fast-path.js) first.
const parse = usm.basicURLParse;
const parsed = new Map();
const CACHED_PARSES = 128;
const CACHED_LENGTH = 2048;

usm.basicURLParse = (input, options) => {
  const plain = options === undefined || (options.baseURL == null && options.url === undefined
    && options.stateOverride === undefined && options.encodingOverride === undefined);
  if (!plain || typeof input !== "string" || input.length > CACHED_LENGTH) return parse(input, options);
  const record = cachedParse(input);
  return record === null ? null : copyRecord(record);
};

function cachedParse(input) {
  let record = parsed.get(input);
  if (record === undefined) {
    record = parsePlainURL(input) ?? parse(input);
    if (parsed.size >= CACHED_PARSES) parsed.delete(parsed.keys().next().value);
    parsed.set(input, record);
  }
  return record;
}

function copyRecord(url) {
  return {
    scheme: url.scheme,
    username: url.username,
    password: url.password,
    host: Array.isArray(url.host) ? url.host.slice() : url.host,
    port: url.port,
    path: Array.isArray(url.path) ? url.path.slice() : url.path,
    query: url.query,
    fragment: url.fragment,
  };
}

/** The serialization of an absolute URL string, or null when it does not parse (what `new Request(url)` keeps). */
export function serializeAbsoluteURL(input) {
  if (input.length > CACHED_LENGTH) {
    const record = parse(input);
    return record === null ? null : usm.serializeURL(record);
  }
  const record = cachedParse(input);
  if (record === null) return null;
  record.href ??= usm.serializeURL(record);  // cached records are never handed out, so they can keep it
  return record.href;
}

function parseWithBase(url, base) {
  let parsedBase = null;
  if (base !== undefined) {
    parsedBase = usm.basicURLParse(base);
    if (parsedBase === null) return { error: `Invalid base URL: ${base}` };
  }
  const record = usm.basicURLParse(url, { baseURL: parsedBase });
  return record === null ? { error: `Invalid URL: ${url}` } : { record };
}

export class URL {
  // The record sits in an object of its own because whatwg-url's URLSearchParams updates the query through
  // `link._url.query`, and the href setter replaces the record.
  #link;
  #searchParams = null;  // the implementation behind `searchParams`, made on first use

  constructor(url, base = undefined) {
    requiredArguments(arguments.length, 1, "Failed to construct 'URL'");
    const result = parseWithBase(toUSVString(url), base === undefined ? undefined : toUSVString(base));
    if (result.error !== undefined) throw new TypeError(result.error);
    this.#link = { _url: result.record };
  }

  static parse(url, base = undefined) {
    requiredArguments(arguments.length, 1, "Failed to execute 'parse' on 'URL'");
    try {
      return new URL(url, base);
    } catch {
      return null;
    }
  }

  static canParse(url, base = undefined) {
    requiredArguments(arguments.length, 1, "Failed to execute 'canParse' on 'URL'");
    return parseWithBase(toUSVString(url), base === undefined ? undefined : toUSVString(base)).error === undefined;
  }

  get href() { return usm.serializeURL(this.#link._url); }
  set href(value) {
    const input = toUSVString(value);
    const record = usm.basicURLParse(input);
    if (record === null) throw new TypeError(`Invalid URL: ${input}`);
    this.#link._url = record;
    if (this.#searchParams !== null) {
      this.#searchParams._list = record.query === null ? [] : urlencoded.parseUrlencodedString(record.query);
    }
  }

  get origin() { return usm.serializeURLOrigin(this.#link._url); }

  get protocol() { return `${this.#link._url.scheme}:`; }
  set protocol(value) {
    usm.basicURLParse(`${toUSVString(value)}:`, { url: this.#link._url, stateOverride: "scheme start" });
  }

  get username() { return this.#link._url.username; }
  set username(value) {
    const input = toUSVString(value);
    if (!usm.cannotHaveAUsernamePasswordPort(this.#link._url)) usm.setTheUsername(this.#link._url, input);
  }

  get password() { return this.#link._url.password; }
  set password(value) {
    const input = toUSVString(value);
    if (!usm.cannotHaveAUsernamePasswordPort(this.#link._url)) usm.setThePassword(this.#link._url, input);
  }

  get host() {
    const { host, port } = this.#link._url;
    if (host === null) return "";
    return port === null ? usm.serializeHost(host) : `${usm.serializeHost(host)}:${usm.serializeInteger(port)}`;
  }
  set host(value) {
    const input = toUSVString(value);
    if (!usm.hasAnOpaquePath(this.#link._url)) usm.basicURLParse(input, { url: this.#link._url, stateOverride: "host" });
  }

  get hostname() {
    const { host } = this.#link._url;
    return host === null ? "" : usm.serializeHost(host);
  }
  set hostname(value) {
    const input = toUSVString(value);
    if (!usm.hasAnOpaquePath(this.#link._url)) usm.basicURLParse(input, { url: this.#link._url, stateOverride: "hostname" });
  }

  get port() {
    const { port } = this.#link._url;
    return port === null ? "" : usm.serializeInteger(port);
  }
  set port(value) {
    const input = toUSVString(value);
    const url = this.#link._url;
    if (usm.cannotHaveAUsernamePasswordPort(url)) return;
    if (input === "") url.port = null;
    else usm.basicURLParse(input, { url, stateOverride: "port" });
  }

  get pathname() { return usm.serializePath(this.#link._url); }
  set pathname(value) {
    const input = toUSVString(value);
    const url = this.#link._url;
    if (usm.hasAnOpaquePath(url)) return;
    url.path = [];
    usm.basicURLParse(input, { url, stateOverride: "path start" });
  }

  get search() {
    const { query } = this.#link._url;
    return query === null || query === "" ? "" : `?${query}`;
  }
  set search(value) {
    const input = toUSVString(value);
    const url = this.#link._url;
    if (input === "") {
      url.query = null;
      if (this.#searchParams !== null) this.#searchParams._list = [];
      return;
    }
    const query = input[0] === "?" ? input.substring(1) : input;
    url.query = "";
    usm.basicURLParse(query, { url, stateOverride: "query" });
    if (this.#searchParams !== null) this.#searchParams._list = urlencoded.parseUrlencodedString(query);
  }

  get searchParams() {
    if (this.#searchParams === null) {
      // The "new URLSearchParams object" steps: the query as it is, without the constructor's "?" stripping.
      const query = this.#link._url.query;
      this.#searchParams = URLSearchParamsWrapper.createImpl(realm, [query ?? ""], { doNotStripQMark: true });
      this.#searchParams._url = this.#link;
    }
    return wrapperForImpl(this.#searchParams);
  }

  get hash() {
    const { fragment } = this.#link._url;
    return fragment === null || fragment === "" ? "" : `#${fragment}`;
  }
  set hash(value) {
    const input = toUSVString(value);
    const url = this.#link._url;
    if (input === "") {
      url.fragment = null;
      return;
    }
    url.fragment = "";
    usm.basicURLParse(input[0] === "#" ? input.substring(1) : input, { url, stateOverride: "fragment" });
  }

  toJSON() { return usm.serializeURL(this.#link._url); }
  toString() { return usm.serializeURL(this.#link._url); }
}

defineInterface(URL);
