// Injected by esbuild into every bundled module: free references to these globals resolve to the runtime's own
// implementations, so bundled libraries keep working even if worker code replaces the globals.
export { URL } from "../url.js";
export { TextEncoder, TextDecoder } from "../encoding.js";
export { queueMicrotask } from "../timers.js";
