// TextEncoder/TextDecoder and their stream forms (Encoding Standard). UTF-8, UTF-16LE/BE, windows-1252 (which the
// standard maps "latin1", "ascii" and "iso-8859-1" to) and x-user-defined are decoded here; every other encoding of
// the standard is decoded by the host (`decodeLegacy`), whose index tables are shared by the whole process instead of
// sitting in every isolate. A decoder's state between streamed chunks stays in this realm, as a number the host
// hands back with each result, so the host keeps nothing per decoder.
import { TransformStream } from "./streams.js";
import { callHost } from "./host.js";
import { defineInterface, isObject, requiredArguments, toDOMString, toUSVString, bufferSourceView } from "./webidl.js";
import LABEL_DATA from "switchyard:encoding-labels";

/** Returns the encoding name (lower case) for a label, or null (Encoding Standard "get an encoding"). */
export function getEncoding(label) {
  const key = String(label).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, "").toLowerCase();
  if (key === "utf-8") return key;
  return encodingOfLabel(key);
}

// LABEL_DATA is every label of the standard, generated at build time: groups "name label label …" joined by ";". A
// label is looked up in that one string, as a whole word, so no isolate builds a table of them.
function encodingOfLabel(key) {
  if (key.length === 0 || key.includes(" ") || key.includes(";")) return null;
  const isBoundary = (i) => i < 0 || i >= LABEL_DATA.length || LABEL_DATA[i] === " " || LABEL_DATA[i] === ";";
  for (let at = LABEL_DATA.indexOf(key); at >= 0; at = LABEL_DATA.indexOf(key, at + 1)) {
    if (isBoundary(at - 1) && isBoundary(at + key.length)) {
      const start = LABEL_DATA.lastIndexOf(";", at) + 1;
      let end = start;
      while (!isBoundary(end)) end++;
      return LABEL_DATA.slice(start, end);
    }
  }
  return null;
}

// ---------------------------------------------------------------- UTF-8 encoding

/** Encodes a (possibly ill-formed) JS string as UTF-8, replacing lone surrogates with U+FFFD. */
export function utf8Encode(input) {
  const length = input.length;
  let size = 0;
  for (let i = 0; i < length; i++) {
    const c = input.charCodeAt(i);
    if (c < 0x80) size += 1;
    else if (c < 0x800) size += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < length && (input.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { size += 4; i++; }
    else size += 3;
  }
  const out = new Uint8Array(size);
  writeUtf8(input, out, length);
  return out;
}

// Writes code points of `input` into `out` while they fit; returns [code units read, bytes written].
function writeUtf8(input, out, length) {
  let i = 0;
  let p = 0;
  const capacity = out.length;
  while (i < length) {
    let c = input.charCodeAt(i);
    if (c < 0x80) {
      if (p >= capacity) break;
      out[p++] = c;
      i++;
      continue;
    }
    let units = 1;
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < length ? input.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && (next & 0xfc00) === 0xdc00) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        units = 2;
      } else {
        c = 0xfffd;
      }
    }
    if (c < 0x800) {
      if (p + 2 > capacity) break;
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 0x3f);
    } else if (c < 0x10000) {
      if (p + 3 > capacity) break;
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    } else {
      if (p + 4 > capacity) break;
      out[p++] = 0xf0 | (c >> 18);
      out[p++] = 0x80 | ((c >> 12) & 0x3f);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    }
    i += units;
  }
  return [i, p];
}

// ---------------------------------------------------------------- decoders

// Collects UTF-16 code units and turns them into a string in bounded slices (fromCharCode's argument limit).
class StringBuilder {
  constructor() { this.parts = []; this.units = []; }
  push(unit) {
    this.units.push(unit);
    if (this.units.length >= 8192) this.flush();
  }
  pushCodePoint(cp) {
    if (cp < 0x10000) this.push(cp);
    else { cp -= 0x10000; this.push(0xd800 + (cp >> 10)); this.push(0xdc00 + (cp & 0x3ff)); }
  }
  flush() {
    if (this.units.length > 0) {
      this.parts.push(String.fromCharCode.apply(null, this.units));
      this.units = [];
    }
  }
  toString() { this.flush(); return this.parts.join(""); }
}

function decodingError() { return new TypeError("The encoded data was not valid for encoding utf-8"); }

class Utf8Decoder {
  constructor(fatal) { this.fatal = fatal; this.codePoint = 0; this.needed = 0; this.seen = 0; this.lower = 0x80; this.upper = 0xbf; }

  decode(bytes, flush) {
    const out = new StringBuilder();
    const n = bytes.length;
    let i = 0;
    while (i < n) {
      // Fast path for runs of ASCII outside a multi-byte sequence.
      if (this.needed === 0) {
        let j = i;
        while (j < n && bytes[j] < 0x80) j++;
        if (j > i) {
          for (let k = i; k < j; k += 8192) {
            out.flush();
            out.parts.push(String.fromCharCode.apply(null, bytes.subarray(k, Math.min(j, k + 8192))));
          }
          i = j;
          if (i >= n) break;
        }
      }
      const byte = bytes[i];
      if (this.needed === 0) {
        if (byte >= 0xc2 && byte <= 0xdf) { this.needed = 1; this.codePoint = byte & 0x1f; }
        else if (byte >= 0xe0 && byte <= 0xef) {
          if (byte === 0xe0) this.lower = 0xa0;
          if (byte === 0xed) this.upper = 0x9f;
          this.needed = 2; this.codePoint = byte & 0xf;
        } else if (byte >= 0xf0 && byte <= 0xf4) {
          if (byte === 0xf0) this.lower = 0x90;
          if (byte === 0xf4) this.upper = 0x8f;
          this.needed = 3; this.codePoint = byte & 0x7;
        } else {
          if (this.fatal) throw decodingError();
          out.push(0xfffd);
        }
        i++;
        continue;
      }
      if (byte < this.lower || byte > this.upper) {
        this.codePoint = 0; this.needed = 0; this.seen = 0; this.lower = 0x80; this.upper = 0xbf;
        if (this.fatal) throw decodingError();
        out.push(0xfffd);
        continue; // reprocess this byte
      }
      this.lower = 0x80; this.upper = 0xbf;
      this.codePoint = (this.codePoint << 6) | (byte & 0x3f);
      this.seen++;
      i++;
      if (this.seen === this.needed) {
        out.pushCodePoint(this.codePoint);
        this.codePoint = 0; this.needed = 0; this.seen = 0;
      }
    }
    if (flush && this.needed !== 0) {
      this.codePoint = 0; this.needed = 0; this.seen = 0; this.lower = 0x80; this.upper = 0xbf;
      if (this.fatal) throw decodingError();
      out.push(0xfffd);
    }
    return out.toString();
  }
}

class Utf16Decoder {
  constructor(fatal, bigEndian) { this.fatal = fatal; this.bigEndian = bigEndian; this.leadByte = -1; this.leadSurrogate = -1; }

  decode(bytes, flush) {
    const out = new StringBuilder();
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (this.leadByte < 0) { this.leadByte = byte; continue; }
      const unit = this.bigEndian ? (this.leadByte << 8) | byte : (byte << 8) | this.leadByte;
      this.leadByte = -1;
      if (this.leadSurrogate >= 0) {
        const lead = this.leadSurrogate;
        this.leadSurrogate = -1;
        if (unit >= 0xdc00 && unit <= 0xdfff) { out.push(lead); out.push(unit); continue; }
        if (this.fatal) throw new TypeError("The encoded data was not valid for encoding utf-16");
        out.push(0xfffd);
      }
      if (unit >= 0xd800 && unit <= 0xdbff) { this.leadSurrogate = unit; continue; }
      if (unit >= 0xdc00 && unit <= 0xdfff) {
        if (this.fatal) throw new TypeError("The encoded data was not valid for encoding utf-16");
        out.push(0xfffd);
        continue;
      }
      out.push(unit);
    }
    if (flush && (this.leadByte >= 0 || this.leadSurrogate >= 0)) {
      this.leadByte = -1; this.leadSurrogate = -1;
      if (this.fatal) throw new TypeError("The encoded data was not valid for encoding utf-16");
      out.push(0xfffd);
    }
    return out.toString();
  }
}

const WINDOWS_1252_HIGH = [0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039,
  0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161,
  0x203a, 0x153, 0x9d, 0x17e, 0x178];

class Windows1252Decoder {
  decode(bytes) {
    const out = new StringBuilder();
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      out.push(b >= 0x80 && b <= 0x9f ? WINDOWS_1252_HIGH[b - 0x80] : b);
    }
    return out.toString();
  }
}

class XUserDefinedDecoder {
  decode(bytes) {
    const out = new StringBuilder();
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      out.push(b < 0x80 ? b : 0xf780 + b - 0x80);
    }
    return out.toString();
  }
}

// Bytes per host call: the host builds at most a bounded string per call, whatever the input's size, and the
// invocation's CPU limit can stop a long decode between calls.
const HOST_CHUNK = 65536;

// The encodings the host decodes (HOST_INTERFACE.md, "Text encodings"): every single-byte encoding but windows-1252,
// gb18030 and GBK, Big5, EUC-JP, ISO-2022-JP, Shift_JIS and EUC-KR. `state` is the host's opaque number: 0 at the
// start and after a flush.
class HostDecoder {
  constructor(encoding, fatal) { this.encoding = encoding; this.fatal = fatal; this.state = 0; }

  decode(bytes, flush) {
    const n = bytes.length;
    if (n === 0 && (!flush || this.state === 0)) return "";
    let text = "";
    let offset = 0;
    do {
      const end = Math.min(n, offset + HOST_CHUNK);
      const last = end === n;
      const result = callHost("decodeLegacy", this.encoding, bytes.subarray(offset, end), this.state, flush && last, this.fatal);
      if (result === null) {
        this.state = 0;
        throw new TypeError(`The encoded data was not valid for encoding ${this.encoding}`);
      }
      this.state = result.state;
      text += result.text;
      offset = end;
    } while (offset < n);
    return text;
  }
}

function createDecoder(encoding, fatal) {
  switch (encoding) {
    case "utf-8": return new Utf8Decoder(fatal);
    case "utf-16le": return new Utf16Decoder(fatal, false);
    case "utf-16be": return new Utf16Decoder(fatal, true);
    case "windows-1252": return new Windows1252Decoder();
    case "x-user-defined": return new XUserDefinedDecoder();
    default: return new HostDecoder(encoding, fatal);
  }
}

const BOMS = { "utf-8": [0xef, 0xbb, 0xbf], "utf-16le": [0xff, 0xfe], "utf-16be": [0xfe, 0xff] };

/** Decodes a whole buffer as UTF-8 with replacement and BOM stripping ("UTF-8 decode"), as body.text() does. */
export function utf8Decode(bytes) {
  let start = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  return new Utf8Decoder(false).decode(start ? bytes.subarray(start) : bytes, true);
}

// ---------------------------------------------------------------- TextEncoder / TextDecoder

export class TextEncoder {
  constructor() {}
  get encoding() { return "utf-8"; }

  encode(input = "") {
    return utf8Encode(toUSVString(input));
  }

  encodeInto(source, destination) {
    requiredArguments(arguments.length, 2, "Failed to execute 'encodeInto' on 'TextEncoder'");
    const s = toDOMString(source);
    if (!(destination instanceof Uint8Array)) {
      throw new TypeError("Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'.");
    }
    const [read, written] = writeUtf8(s, destination, s.length);
    return { read, written };
  }
}
defineInterface(TextEncoder);

export class TextDecoder {
  #encoding;
  #fatal;
  #ignoreBOM;
  #decoder = null;
  #bomSeen = false;
  #bomBuffer = [];

  constructor(label = "utf-8", options = undefined) {
    const encoding = getEncoding(toDOMString(label));
    if (encoding === null || encoding === "replacement") {
      throw new RangeError(`Failed to construct 'TextDecoder': The encoding label provided ('${label}') is invalid.`);
    }
    if (options !== undefined && options !== null && !isObject(options)) {
      throw new TypeError("Failed to construct 'TextDecoder': the options are not an object.");
    }
    this.#encoding = encoding;
    this.#fatal = Boolean(options?.fatal);
    this.#ignoreBOM = Boolean(options?.ignoreBOM);
  }

  get encoding() { return this.#encoding; }
  get fatal() { return this.#fatal; }
  get ignoreBOM() { return this.#ignoreBOM; }

  decode(input = undefined, options = undefined) {
    let bytes = input === undefined ? new Uint8Array(0) : bufferSourceView(input, "Failed to execute 'decode' on 'TextDecoder': parameter 1");
    const stream = Boolean(options?.stream);
    if (this.#decoder === null) {
      this.#decoder = createDecoder(this.#encoding, this.#fatal);
      this.#bomSeen = false;
      this.#bomBuffer = [];
    }
    // Strip a leading BOM, which may arrive split across streamed chunks.
    const bom = BOMS[this.#encoding];
    if (!this.#ignoreBOM && !this.#bomSeen && bom !== undefined) {
      const pending = this.#bomBuffer.concat(Array.from(bytes.subarray(0, bom.length)));
      let matched = 0;
      while (matched < pending.length && matched < bom.length && pending[matched] === bom[matched]) matched++;
      if (matched === bom.length) {
        this.#bomSeen = true;
        bytes = bytes.subarray(bom.length - this.#bomBuffer.length);
        this.#bomBuffer = [];
      } else if (matched === pending.length && stream) {
        // Not enough bytes yet to decide.
        this.#bomBuffer = pending;
        return "";
      } else {
        this.#bomSeen = true;
        if (this.#bomBuffer.length > 0) {
          const joined = new Uint8Array(this.#bomBuffer.length + bytes.length);
          joined.set(this.#bomBuffer, 0);
          joined.set(bytes, this.#bomBuffer.length);
          bytes = joined;
          this.#bomBuffer = [];
        }
      }
    }
    let result;
    try {
      result = this.#decoder.decode(bytes, !stream);
    } catch (error) {
      this.#decoder = null;
      throw error;
    }
    if (!stream) this.#decoder = null;
    return result;
  }
}
defineInterface(TextDecoder);

export class TextEncoderStream {
  #transform;
  constructor() {
    let pendingHighSurrogate = null;
    this.#transform = new TransformStream({
      transform(chunk, controller) {
        let s = toDOMString(chunk);
        if (pendingHighSurrogate !== null) { s = pendingHighSurrogate + s; pendingHighSurrogate = null; }
        if (s.length > 0) {
          const last = s.charCodeAt(s.length - 1);
          if (last >= 0xd800 && last <= 0xdbff) { pendingHighSurrogate = s[s.length - 1]; s = s.slice(0, -1); }
        }
        if (s.length > 0) controller.enqueue(utf8Encode(s));
      },
      flush(controller) {
        if (pendingHighSurrogate !== null) controller.enqueue(new Uint8Array([0xef, 0xbf, 0xbd]));
      },
    });
  }
  get encoding() { return "utf-8"; }
  get readable() { return this.#transform.readable; }
  get writable() { return this.#transform.writable; }
}
defineInterface(TextEncoderStream);

export class TextDecoderStream {
  #decoder;
  #transform;
  constructor(label = "utf-8", options = undefined) {
    const decoder = new TextDecoder(label, options);
    this.#decoder = decoder;
    this.#transform = new TransformStream({
      transform(chunk, controller) {
        const text = decoder.decode(bufferSourceView(chunk, "TextDecoderStream chunk"), { stream: true });
        if (text) controller.enqueue(text);
      },
      flush(controller) {
        const text = decoder.decode();
        if (text) controller.enqueue(text);
      },
    });
  }
  get encoding() { return this.#decoder.encoding; }
  get fatal() { return this.#decoder.fatal; }
  get ignoreBOM() { return this.#decoder.ignoreBOM; }
  get readable() { return this.#transform.readable; }
  get writable() { return this.#transform.writable; }
}
defineInterface(TextDecoderStream);

/** UTF-8 decode without BOM handling, with replacement (URL Standard's "UTF-8 decode without BOM"). */
export function Utf8DecoderWithoutBOM(bytes) {
  return new Utf8Decoder(false).decode(bytes, true);
}
