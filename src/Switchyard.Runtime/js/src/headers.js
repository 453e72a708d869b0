// Headers (Fetch Standard §5.2). Names are stored lower-cased; iteration is sorted and combined, with
// Set-Cookie values kept apart. Workers enforces no forbidden-header lists, only the "immutable" guard.
import { defineInterface, definePairIterable, isHttpToken, isObject, requiredArguments, toByteString, toPairs } from "./webidl.js";

function checkName(name) {
  if (!isHttpToken(name)) throw new TypeError(`Invalid header name: "${name}"`);
  // Most names come lower-case already; toLowerCase is a call into ICU's runtime even when nothing changes.
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) return name.toLowerCase();
  }
  return name;
}

const isHttpWhitespace = (c) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

// Loops rather than regular expressions, for the same reason as isHttpToken.
function normaliseValue(value) {
  let start = 0;
  let end = value.length;
  while (start < end && isHttpWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isHttpWhitespace(value.charCodeAt(end - 1))) end--;
  const v = start === 0 && end === value.length ? value : value.slice(start, end);
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0 || c === 0x0a || c === 0x0d) throw new TypeError(`Invalid header value: "${v}"`);
  }
  return v;
}

export class Headers {
  #list = []; // [lowerName, value] in insertion order; see #pairs()
  #hostList = null; // a host's list not yet taken apart (headersFromHostList)
  #guard = "none";
  #sorted = null;

  constructor(init = undefined) {
    if (init !== undefined && init !== null) fillHeaders(this, init);
    else if (init === null) throw new TypeError("Failed to construct 'Headers': The provided value is not of type '(record or sequence)'.");
  }

  append(name, value) {
    requiredArguments(arguments.length, 2, "Failed to execute 'append' on 'Headers'");
    const n = checkName(toByteString(name, "Header name"));
    const v = normaliseValue(toByteString(value, "Header value"));
    this.#checkMutable();
    this.#pairs().push([n, v]);
    this.#sorted = null;
  }

  delete(name) {
    requiredArguments(arguments.length, 1, "Failed to execute 'delete' on 'Headers'");
    const n = checkName(toByteString(name, "Header name"));
    this.#checkMutable();
    const list = this.#pairs();
    this.#list = list.filter(([k]) => k !== n);
    if (this.#list.length !== list.length) this.#sorted = null;
  }

  get(name) {
    requiredArguments(arguments.length, 1, "Failed to execute 'get' on 'Headers'");
    const n = checkName(toByteString(name, "Header name"));
    const values = [];
    for (const [k, v] of this.#pairs()) if (k === n) values.push(v);
    return values.length === 0 ? null : values.join(", ");
  }

  getSetCookie() {
    const values = [];
    for (const [k, v] of this.#pairs()) if (k === "set-cookie") values.push(v);
    return values;
  }

  /** Workers' non-standard getAll, defined only for Set-Cookie. */
  getAll(name) {
    requiredArguments(arguments.length, 1, "Failed to execute 'getAll' on 'Headers'");
    const n = checkName(toByteString(name, "Header name"));
    if (n !== "set-cookie") throw new TypeError("getAll() can only be used with the header name \"Set-Cookie\".");
    return this.getSetCookie();
  }

  has(name) {
    requiredArguments(arguments.length, 1, "Failed to execute 'has' on 'Headers'");
    const n = checkName(toByteString(name, "Header name"));
    return this.#pairs().some(([k]) => k === n);
  }

  set(name, value) {
    requiredArguments(arguments.length, 2, "Failed to execute 'set' on 'Headers'");
    const n = checkName(toByteString(name, "Header name"));
    const v = normaliseValue(toByteString(value, "Header value"));
    this.#checkMutable();
    const list = this.#pairs();
    const index = list.findIndex(([k]) => k === n);
    if (index < 0) {
      list.push([n, v]);
    } else {
      list[index] = [n, v];
      this.#list = list.filter(([k], i) => k !== n || i === index);
    }
    this.#sorted = null;
  }

  // An incoming request's headers are taken apart only when worker code first looks at them: most handlers never do.
  #pairs() {
    if (this.#hostList !== null) {
      this.#list = splitHostList(this.#hostList);
      this.#hostList = null;
    }
    return this.#list;
  }

  #checkMutable() {
    if (this.#guard === "immutable") throw new TypeError("Can't modify immutable headers.");
  }

  static sortedPairs(headers) {
    if (headers.#sorted === null) {
      const names = [...new Set(headers.#pairs().map(([k]) => k))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const out = [];
      for (const name of names) {
        if (name === "set-cookie") {
          for (const [k, v] of headers.#pairs()) if (k === name) out.push([k, v]);
        } else {
          out.push([name, headers.get(name)]);
        }
      }
      headers.#sorted = out;
    }
    return headers.#sorted;
  }

  static list(headers) { return headers.#pairs(); }
  // Entries of another Headers are valid already: a fresh target takes them unchecked (the host's, which may hold
  // characters past Latin-1 as decoded from UTF-8, included).
  static copyInto(target, source) {
    for (const [k, v] of source.#pairs()) target.#list.push([k, v]);
    target.#sorted = null;
  }
  static hostListOf(headers) { return headers.#hostList ?? joinPairs(headers.#list); }
  static fromHostList(hostList, guard) {
    const headers = new Headers();
    headers.#hostList = hostList === "" ? null : hostList;
    headers.#guard = guard;
    return headers;
  }
  static setGuard(headers, guard) { headers.#guard = guard; }
  static guard(headers) { return headers.#guard; }
  static isHeaders(value) { return isObject(value) && #list in value; }
}

const sortedPairs = Headers.sortedPairs;
/** The raw header list ([lowerName, value] pairs, insertion order); do not mutate. */
export const headerList = Headers.list;
export const setHeadersGuard = Headers.setGuard;
export const headersGuard = Headers.guard;
export const isHeaders = Headers.isHeaders;
/**
 * Headers from the host's list: each lower-cased name and its value, all joined by "\0", which no header can hold.
 * The host's headers are valid already (Kestrel's parser or another worker's Headers checked them), so they are not
 * checked again.
 */
export const headersFromHostList = Headers.fromHostList;
/** The header list joined for the host, as headersFromHostList takes it: the host's own list when never taken apart. */
export const hostHeaderList = Headers.hostListOf;
const copyInto = Headers.copyInto;
for (const key of ["sortedPairs", "list", "copyInto", "hostListOf", "fromHostList", "setGuard", "guard", "isHeaders"]) delete Headers[key];

function joinPairs(pairs) {
  let joined = "";
  for (let i = 0; i < pairs.length; i++) joined += (i === 0 ? "" : "\0") + pairs[i][0] + "\0" + pairs[i][1];
  return joined;
}

function splitHostList(hostList) {
  const parts = hostList.split("\0");
  const pairs = [];
  for (let i = 0; i < parts.length; i += 2) pairs.push([parts[i], parts[i + 1]]);
  return pairs;
}

definePairIterable(Headers, "Headers", (self) => {
  if (!isHeaders(self)) throw new TypeError("Illegal invocation: not a Headers object.");
  return sortedPairs(self);
});
defineInterface(Headers);

/** Fills `headers` from a HeadersInit (Headers, sequence of pairs or record). */
export function fillHeaders(headers, init) {
  if (isHeaders(init)) {
    copyInto(headers, init);
    return;
  }
  const pairs = toPairs(init, (v) => toByteString(v, "Header"), "Failed to construct 'Headers'");
  for (const [k, v] of pairs) headers.append(k, v);
}

/** Creates Headers from host-provided [name, value] pairs with the given guard. */
export function headersFromList(pairs, guard = "none") {
  const headers = new Headers();
  for (const [k, v] of pairs) headers.append(k, v);
  setHeadersGuard(headers, guard);
  return headers;
}
