// Replacements for functions of urlpattern-polyfill 10.1.0 (the latest release; its repository has had no fix since)
// where it departs from the URL Pattern Standard. build.mjs (`urlpatternPatches`) rewrites the polyfill's functions
// of the same names to call these. Each follows the standard's algorithm of that name.
import urlStateMachine from "whatwg-url/lib/url-state-machine.js";

const usm = urlStateMachine;
const TAB_OR_NEWLINE = /[\t\n\r]/g;

// The special schemes' default ports (the polyfill had "wws" for "wss", so wss://h:443 kept its port).
const DEFAULT_PORTS = { __proto__: null, ftp: "21", http: "80", https: "443", ws: "80", wss: "443" };

export function defaultPortForProtocol(protocol) {
  return DEFAULT_PORTS[protocol] ?? "";
}

// The regexp flags of a compiled component: "v" (so a pattern's regexp groups may use set notation such as
// [[a-z]--a]), plus "i" for { ignoreCase: true }.
export function flags(options) {
  return options?.ignoreCase ? "vi" : "v";
}

// canonicalize a port: the basic URL parser's port state with a state override, as the URL `port` setter runs it:
// tabs and newlines are dropped, the leading digits are the port ("80x" and "80/x" are 80), leading zeros go, a
// port over 65535 or a value not starting with a digit is a TypeError, and a special scheme's default port is "".
function canonicalPort(value, protocol) {
  if (value === "") return value;
  const digits = /^[0-9]*/.exec(value.replace(TAB_OR_NEWLINE, ""))[0];
  if (digits === "") throw new TypeError(`Invalid port '${value}'.`);
  const port = Number(digits);  // exact up to 2^53; anything that long is out of range either way
  if (port > 65535) throw new TypeError(`Invalid port '${value}'.`);
  const text = String(port);
  return protocol !== undefined && defaultPortForProtocol(protocol) === text ? "" : text;
}

// The encoding callback of the port component: the port pattern's fixed text, canonicalized.
export function portEncodeCallback(value) {
  return canonicalPort(value, undefined);
}

// process port for init: a pattern's port is kept as written (the constructor drops the protocol's default port
// itself); a URL's port is canonicalized with its protocol, so { protocol: "http", port: "8\t0" } has port "".
export function canonicalizePort(value, protocol, isPattern) {
  if (isPattern) return defaultPortForProtocol(protocol) === value ? "" : value;
  return canonicalPort(value, protocol || undefined);
}

// canonicalize a hostname: the basic URL parser's hostname state with a state override on a dummy https: URL, as
// the URL `hostname` setter runs it. Tabs and newlines are dropped, the host ends at "/", "?", "#" or "\" ("bad#x"
// is "bad"), a domain goes through UTS #46 (the code points it ignores, such as the soft hyphen, are removed, as
// in URL), and a value the URL parser rejects ("a%b", "a:b", "a^b") is a TypeError where the polyfill had rejected
// every "/", "?", "#" and whitespace outright.
export function hostnameEncodeCallback(value) {
  if (value === "") return value;
  const url = { scheme: "https", username: "", password: "", host: null, port: null, path: [""], query: null, fragment: null };
  if (usm.basicURLParse(value, { url, stateOverride: "hostname" }) === null || url.host === null) {
    throw new TypeError(`Invalid hostname '${value}'.`);
  }
  return usm.serializeHost(url.host);
}
