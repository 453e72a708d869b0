// Stands in for the npm `abort-controller` polyfill readable-stream falls back to: the runtime has the real ones.
export const { AbortController, AbortSignal } = globalThis;
export default AbortController;
