// The polyfill behind urlpattern.js, in a module of its own so that urlpattern.js can load it on first use.
export { URLPattern } from "urlpattern-polyfill/urlpattern";
