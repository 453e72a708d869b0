// URL and URLSearchParams from whatwg-url, the URL Standard's reference implementation (see README.md).
// whatwg-url installs its classes into a "global object"; it gets a private one here so that its constructor
// registry never lands on the real global.
import { URL as URLWrapper, URLSearchParams as URLSearchParamsWrapper } from "whatwg-url/webidl2js-wrapper.js";

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
