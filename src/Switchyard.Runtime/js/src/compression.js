// CompressionStream and DecompressionStream (Compression Standard) for "gzip", "deflate" (zlib) and
// "deflate-raw", implemented with the bundled fflate streaming codecs (see README.md) so no host state is needed.
import { Gzip, Gunzip, Zlib, Unzlib, Deflate, Inflate } from "fflate";
import { TransformStream } from "./streams.js";
import { bufferSourceView, defineInterface, requiredArguments, toDOMString } from "./webidl.js";

const COMPRESSORS = { gzip: Gzip, deflate: Zlib, "deflate-raw": Deflate };
const DECOMPRESSORS = { gzip: Gunzip, deflate: Unzlib, "deflate-raw": Inflate };

function checkFormat(format, context) {
  const f = toDOMString(format);
  if (!Object.prototype.hasOwnProperty.call(COMPRESSORS, f)) {
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

class TrailerCheck {
  constructor(format) {
    this.format = format;
    this.crc = -1;
    this.a = 1;
    this.b = 0;
    this.length = 0;
    this.tail = new Uint8Array(0);
  }

  input(bytes) {
    const keep = this.format === "gzip" ? 8 : 4;
    const joined = new Uint8Array(Math.min(keep, this.tail.length + bytes.length));
    const combined = this.tail.length + bytes.length;
    for (let i = 0; i < joined.length; i++) {
      const index = combined - joined.length + i;
      joined[i] = index < this.tail.length ? this.tail[index] : bytes[index - this.tail.length];
    }
    this.tail = joined;
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

  verify() {
    const t = this.tail;
    if (this.format === "gzip") {
      if (t.length < 8) return false;
      const crc = (t[0] | (t[1] << 8) | (t[2] << 16) | (t[3] << 24)) >>> 0;
      const size = (t[4] | (t[5] << 8) | (t[6] << 16) | (t[7] << 24)) >>> 0;
      return crc === (this.crc ^ -1) >>> 0 && size === this.length;
    }
    if (t.length < 4) return false;
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
  const push = (controller, bytes, final) => {
    controllerRef = controller;
    try {
      engine.push(bytes, final);
    } catch (error) {
      throw new TypeError(`${decompressing ? "Decompression" : "Compression"} failed: ${error?.message ?? error}`);
    }
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
      if (check !== null && !check.verify()) throw new TypeError("Decompression failed: the checksum or length in the trailer does not match.");
    },
  });
}

export class CompressionStream {
  #transform;
  constructor(format) {
    requiredArguments(arguments.length, 1, "Failed to construct 'CompressionStream'");
    this.#transform = codecTransform(COMPRESSORS[checkFormat(format, "CompressionStream")], false, format);
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
    this.#transform = codecTransform(DECOMPRESSORS[f], true, f);
  }
  get readable() { return this.#transform.readable; }
  get writable() { return this.#transform.writable; }
}
defineInterface(DecompressionStream);
