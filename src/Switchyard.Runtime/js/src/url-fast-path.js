// The URL record of a common absolute URL, parsed by a few loops instead of whatwg-url's state machine.
//
// Why: a worker's first request runs in a fresh isolate, where the full parser's dozen regular expressions compile
// and its many small functions meet empty inline caches: a third of a cold start's JavaScript time. Nearly every URL
// a worker sees is an http(s) URL with a plain host and nothing to percent-encode, map or resolve, and for those the
// URL Standard's parse reduces to splitting the string. Anything else returns undefined and takes the full parse.
// Tests compare both parsers' records (url-fast-path tests in Switchyard.Runtime.Tests).

const PLAIN = new Uint8Array(128); // characters that no part of an http(s) URL percent-encodes, maps or rejects
for (const c of "!#$%&()*+,-./:;=?@_~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") PLAIN[c.charCodeAt(0)] = 1;

const HOST = new Uint8Array(128); // characters of a host the fast path takes as it is (after lower-casing)
for (const c of "-._0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") HOST[c.charCodeAt(0)] = 1;

const SLASH = 0x2f, QUESTION = 0x3f, HASH = 0x23, COLON = 0x3a, DOT = 0x2e;

/** The record basicURLParse(input) returns, or undefined when the input needs the full parser. */
export function parsePlainURL(input) {
  let start;
  if (input.startsWith("https://")) start = 8;
  else if (input.startsWith("http://")) start = 7;
  else return undefined;
  const scheme = start === 8 ? "https" : "http";
  const length = input.length;
  for (let i = start; i < length; i++) {
    const c = input.charCodeAt(i);
    if (c >= 128 || PLAIN[c] === 0) return undefined;
  }

  let end = start;
  while (end < length) {
    const c = input.charCodeAt(end);
    if (c === SLASH || c === QUESTION || c === HASH) break;
    end++;
  }
  const authority = parseAuthority(input, start, end, scheme);
  if (authority === undefined) return undefined;

  const fragmentAt = input.indexOf("#", end);
  const beforeFragment = fragmentAt === -1 ? length : fragmentAt;
  const queryAt = input.indexOf("?", end);
  const pathEnd = queryAt === -1 || queryAt > beforeFragment ? beforeFragment : queryAt;
  const path = parsePath(input, end, pathEnd);
  if (path === undefined) return undefined;

  return {
    scheme,
    username: "",
    password: "",
    host: authority.host,
    port: authority.port,
    path,
    query: pathEnd === beforeFragment ? null : input.slice(pathEnd + 1, beforeFragment),
    fragment: fragmentAt === -1 ? null : input.slice(fragmentAt + 1),
  };
}

// host[:port], no user info. Hosts that would be IPv4 addresses (the last label starts with a digit), IDNA labels
// (xn--), empty labels and percent-escapes are left to the full parser.
function parseAuthority(input, start, end, scheme) {
  let colon = -1;
  for (let i = start; i < end; i++) {
    const c = input.charCodeAt(i);
    if (c === COLON) {
      colon = i;
      break;
    }
    if (HOST[c] === 0) return undefined;
  }
  const hostEnd = colon === -1 ? end : colon;
  if (hostEnd === start) return undefined;
  const host = input.slice(start, hostEnd).toLowerCase();
  const labels = host.split(".");
  if (labels.length > 1 && labels[labels.length - 1] === "") labels.pop();
  for (const label of labels) {
    if (label === "" || label.startsWith("xn--")) return undefined;
  }
  const last = labels[labels.length - 1].charCodeAt(0);
  if (last >= 0x30 && last <= 0x39) return undefined;

  let port = null;
  if (colon !== -1 && colon + 1 < end) {
    if (end - colon - 1 > 5) return undefined;
    let value = 0;
    for (let i = colon + 1; i < end; i++) {
      const digit = input.charCodeAt(i) - 0x30;
      if (digit < 0 || digit > 9) return undefined;
      value = value * 10 + digit;
    }
    if (value > 65535) return undefined;
    port = value === (scheme === "https" ? 443 : 80) ? null : value;
  }
  return { host, port };
}

// The segments after the host. Dot segments (".", "..", "%2e" and their mixes) are left to the full parser, which
// resolves them.
function parsePath(input, start, end) {
  if (start === end) return [""];
  const path = input.slice(start + 1, end).split("/");
  for (const segment of path) {
    if (segment.length > 0 && segment.length <= 6 && (segment.charCodeAt(0) === DOT || segment.charCodeAt(0) === 0x25)
      && isDotSegment(segment)) return undefined;
  }
  return path;
}

function isDotSegment(segment) {
  const s = segment.toLowerCase();
  return s === "." || s === ".." || s === "%2e" || s === ".%2e" || s === "%2e." || s === "%2e%2e";
}
