// node:buffer: feross's `buffer` (Node's Buffer API over Uint8Array).
import buffer from "buffer";
import { registerBuiltin } from "./internal/process.js";

registerBuiltin("buffer", buffer);
export default buffer;
export const { Buffer, SlowBuffer, INSPECT_MAX_BYTES, kMaxLength } = buffer;
export const constants = { MAX_LENGTH: buffer.kMaxLength, MAX_STRING_LENGTH: 2 ** 29 - 24 };
export const { atob, btoa, Blob, File } = globalThis;
