// URLPattern from the bundled urlpattern-polyfill (see README.md), which implements the URLPattern Standard.
export { URLPattern } from "urlpattern-polyfill/urlpattern";
