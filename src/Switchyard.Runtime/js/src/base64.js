// atob/btoa (HTML §8.3) with the forgiving-base64 decode algorithm, and base64 helpers for runtime internals.
import { DOMException } from "./domexception.js";
import { requiredArguments, toDOMString } from "./webidl.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function bytesToBase64(bytes, alphabet = ALPHABET, pad = true) {
  const parts = [];
  let chunk = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    chunk += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + alphabet[n & 63];
    if (chunk.length >= 8192) { parts.push(chunk); chunk = ""; }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    chunk += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + (pad ? "==" : "");
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    chunk += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + (pad ? "=" : "");
  }
  parts.push(chunk);
  return parts.join("");
}

export function bytesToBase64Url(bytes) {
  return bytesToBase64(bytes, URL_ALPHABET, false);
}

/** Forgiving-base64 decode; returns null on failure. */
export function base64ToBytes(input) {
  let s = input.replace(/[\t\n\f\r ]/g, "");
  if (s.length % 4 === 0) {
    if (s.endsWith("==")) s = s.slice(0, -2);
    else if (s.endsWith("=")) s = s.slice(0, -1);
  }
  if (s.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let p = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? DECODE[c] : -1;
    if (v < 0) return null;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[p++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

/** base64url (RFC 4648 §5) without padding, as JWK uses; returns null on failure. */
export function base64UrlToBytes(input) {
  if (/[^A-Za-z0-9_-]/.test(input)) return null;
  return base64ToBytes(input.replace(/-/g, "+").replace(/_/g, "/"));
}

export function btoa(data) {
  requiredArguments(arguments.length, 1, "Failed to execute 'btoa'");
  const s = toDOMString(data);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) {
      throw new DOMException("Failed to execute 'btoa': The string to be encoded contains characters outside of the Latin1 range.", "InvalidCharacterError");
    }
    bytes[i] = c;
  }
  return bytesToBase64(bytes);
}

export function atob(data) {
  requiredArguments(arguments.length, 1, "Failed to execute 'atob'");
  const bytes = base64ToBytes(toDOMString(data));
  if (bytes === null) {
    throw new DOMException("Failed to execute 'atob': The string to be decoded is not correctly encoded.", "InvalidCharacterError");
  }
  let out = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  }
  return out;
}
