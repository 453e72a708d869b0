// CompressionStream and DecompressionStream (Compression Standard) for "gzip", "deflate" (zlib) and
// "deflate-raw", implemented with the bundled fflate streaming codecs (see README.md) so no host state is needed.
import { TransformStream } from "./streams.js";
import { bufferSourceView, defineInterface, requiredArguments, toDOMString } from "./webidl.js";

// The fflate codec of each format: [encoder, decoder], by export name.
const CODECS = { gzip: ["Gzip", "Gunzip"], deflate: ["Zlib", "Unzlib"], "deflate-raw": ["Deflate", "Inflate"] };

// fflate fills about 200 KB of lookup tables when it loads: it loads on the first use of a codec, not in every
// isolate (esbuild turns this require() into a module run on first use).
let fflate = null;
function codecFor(format, decode) {
  fflate ??= require("./compression-codecs.js");
  return fflate[CODECS[format][decode ? 1 : 0]];
}

function checkFormat(format, context) {
  const f = toDOMString(format);
  if (!Object.prototype.hasOwnProperty.call(CODECS, f)) {
    throw new TypeError(`Failed to construct '${context}': Unsupported compression format: '${f}'.`);
  }
  return f;
}

// fflate's streaming decoders do not verify the gzip CRC-32/ISIZE or zlib Adler-32 trailers, so the decoded
// output is checked against them here (a truncated or corrupted trailer must be a TypeError).
const CRC_TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  CRC_TABLE[n] = c;
}

const WINDOW = 4096; // input bytes remembered to find a gzip member's trailer when the next member starts

class TrailerCheck {
  constructor(format) {
    this.format = format;
    this.recent = new Uint8Array(0); // the last input bytes
    this.total = 0;                  // input bytes seen
    this.reset();
  }

  reset() {
    this.crc = -1;
    this.a = 1;
    this.b = 0;
    this.length = 0;
  }

  input(bytes) {
    const keep = Math.min(WINDOW, this.recent.length + bytes.length);
    const next = new Uint8Array(keep);
    const fromBytes = Math.min(keep, bytes.length);
    next.set(this.recent.subarray(this.recent.length - (keep - fromBytes)), 0);
    next.set(bytes.subarray(bytes.length - fromBytes), keep - fromBytes);
    this.recent = next;
    this.total += bytes.length;
  }

  output(bytes) {
    this.length = (this.length + bytes.length) >>> 0;
    if (this.format === "gzip") {
      let crc = this.crc;
      for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
      this.crc = crc;
    } else {
      let { a, b } = this;
      for (let i = 0; i < bytes.length; i++) {
        a += bytes[i];
        if (a >= 65521) a -= 65521;
        b = (b + a) % 65521;
      }
      this.a = a;
      this.b = b;
    }
  }

  // The input bytes [start, end) if still remembered.
  bytesAt(start, end) {
    const first = this.total - this.recent.length;
    return start < first || end > this.total ? null : this.recent.subarray(start - first, end - first);
  }

  /** A new gzip member starts at input offset `offset`: check the previous member's trailer, then start over. */
  memberBoundary(offset) {
    const trailer = this.bytesAt(offset - 8, offset);
    const ok = trailer === null || this.matches(trailer);
    this.reset();
    return ok;
  }

  /** Checks the trailer at the very end of the input. */
  verifyEnd() {
    const size = this.format === "gzip" ? 8 : 4;
    const trailer = this.bytesAt(this.total - size, this.total);
    return trailer !== null && this.matches(trailer);
  }

  matches(t) {
    if (this.format === "gzip") {
      const crc = (t[0] | (t[1] << 8) | (t[2] << 16) | (t[3] << 24)) >>> 0;
      const size = (t[4] | (t[5] << 8) | (t[6] << 16) | (t[7] << 24)) >>> 0;
      return crc === (this.crc ^ -1) >>> 0 && size === this.length;
    }
    const adler = ((t[0] << 24) | (t[1] << 16) | (t[2] << 8) | t[3]) >>> 0;
    return adler === ((this.b << 16) | this.a) >>> 0;
  }
}

function codecTransform(codec, decompressing, format) {
  let controllerRef = null;
  let ended = false;
  const check = decompressing && format !== "deflate-raw" ? new TrailerCheck(format) : null;
  const engine = new codec((data, final) => {
    if (check !== null) check.output(data);
    if (data.byteLength > 0) controllerRef.enqueue(data);
    if (final) ended = true;
  });
  let badMember = false;
  if (check !== null && format === "gzip") engine.onmember = (offset) => { if (!check.memberBoundary(offset)) badMember = true; };
  const push = (controller, bytes, final) => {
    controllerRef = controller;
    try {
      engine.push(bytes, final);
    } catch (error) {
      throw new TypeError(`${decompressing ? "Decompression" : "Compression"} failed: ${error?.message ?? error}`);
    }
    if (badMember) throw new TypeError("Decompression failed: a gzip member's checksum or length does not match.");
  };
  return new TransformStream({
    transform(chunk, controller) {
      const bytes = bufferSourceView(chunk, "chunk");
      if (decompressing && ended && bytes.byteLength > 0) throw new TypeError("Decompression failed: trailing data after the end of the stream.");
      if (check !== null) check.input(bytes);
      push(controller, bytes.slice(), false);
    },
    flush(controller) {
      push(controller, new Uint8Array(0), true);
      if (decompressing && !ended) throw new TypeError("Decompression failed: the compressed stream ended early.");
      if (check !== null && !check.verifyEnd()) throw new TypeError("Decompression failed: the checksum or length in the trailer does not match.");
    },
  });
}

export class CompressionStream {
  #transform;
  constructor(format) {
    requiredArguments(arguments.length, 1, "Failed to construct 'CompressionStream'");
    const f = checkFormat(format, "CompressionStream");
    this.#transform = codecTransform(codecFor(f, false), false, f);
  }
  get readable() { return this.#transform.readable; }
  get writable() { return this.#transform.writable; }
}
defineInterface(CompressionStream);

export class DecompressionStream {
  #transform;
  constructor(format) {
    requiredArguments(arguments.length, 1, "Failed to construct 'DecompressionStream'");
    const f = checkFormat(format, "DecompressionStream");
    this.#transform = codecTransform(codecFor(f, true), true, f);
  }
  get readable() { return this.#transform.readable; }
  get writable() { return this.#transform.writable; }
}
defineInterface(DecompressionStream);
