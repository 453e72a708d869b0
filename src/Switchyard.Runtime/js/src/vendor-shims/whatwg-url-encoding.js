// Replaces whatwg-url's lib/encoding.js, which would use TextEncoder/TextDecoder globals at module evaluation.
import { utf8Encode as encode, Utf8DecoderWithoutBOM } from "../encoding.js";

export function utf8Encode(string) {
  return encode(string);
}

export function utf8DecodeWithoutBOM(bytes) {
  return Utf8DecoderWithoutBOM(bytes);
}
