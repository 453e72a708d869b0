// URL and URLSearchParams from whatwg-url, the URL Standard's reference implementation (see README.md).
// whatwg-url installs its classes into a "global object"; it gets a private one here so that its constructor
// registry never lands on the real global.
import { URL as URLWrapper, URLSearchParams as URLSearchParamsWrapper } from "whatwg-url/webidl2js-wrapper.js";
import urlStateMachine from "whatwg-url/lib/url-state-machine.js";
import { parsePlainURL } from "./url-fast-path.js";

const realm = Object.create(null);
realm.Object = Object;
realm.Array = Array;
realm.String = String;
realm.Number = Number;
realm.TypeError = TypeError;
realm.RangeError = RangeError;
realm.eval = () => { throw new EvalError("unavailable"); };
URLWrapper.install(realm, ["Window"]);
URLSearchParamsWrapper.install(realm, ["Window"]);

export const URL = realm.URL;
export const URLSearchParams = realm.URLSearchParams;

// Parsing is most of the cost of `new URL` and `new Request` (whatwg-url's state machine walks the input code point by
// code point), and a worker parses the same strings again and again: each request's own URL at least twice, once for
// its Request and once in a handler's `new URL(request.url)`. A parse without base, record to update or state override
// is a pure function of its input, so its result is kept in a small map, and every caller gets its own copy, since the
// URL setters change the record in place. A miss tries the fast path for plain http(s) URLs (url-fast-path.js) first.
const parse = urlStateMachine.basicURLParse;
const parsed = new Map();
const CACHED_PARSES = 128;
const CACHED_LENGTH = 2048;

urlStateMachine.basicURLParse = (input, options) => {
  const plain = options === undefined || (options.baseURL == null && options.url === undefined
    && options.stateOverride === undefined && options.encodingOverride === undefined);
  if (!plain || typeof input !== "string" || input.length > CACHED_LENGTH) return parse(input, options);
  let record = parsed.get(input);
  if (record === undefined) {
    record = parsePlainURL(input) ?? parse(input, options);
    if (parsed.size >= CACHED_PARSES) parsed.delete(parsed.keys().next().value);
    parsed.set(input, record);
  }
  return record === null ? null : copyRecord(record);
};

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
