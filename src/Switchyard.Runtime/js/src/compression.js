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

function codecTransform(codec, decompressing) {
  let controllerRef = null;
  let ended = false;
  const engine = new codec((data, final) => {
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
      push(controller, bytes.slice(), false);
    },
    flush(controller) {
      push(controller, new Uint8Array(0), true);
      if (decompressing && !ended) throw new TypeError("Decompression failed: the compressed stream ended early.");
    },
  });
}

export class CompressionStream {
  #transform;
  constructor(format) {
    requiredArguments(arguments.length, 1, "Failed to construct 'CompressionStream'");
    this.#transform = codecTransform(COMPRESSORS[checkFormat(format, "CompressionStream")], false);
  }
  get readable() { return this.#transform.readable; }
  get writable() { return this.#transform.writable; }
}
defineInterface(CompressionStream);

export class DecompressionStream {
  #transform;
  constructor(format) {
    requiredArguments(arguments.length, 1, "Failed to construct 'DecompressionStream'");
    this.#transform = codecTransform(DECOMPRESSORS[checkFormat(format, "DecompressionStream")], true);
  }
  get readable() { return this.#transform.readable; }
  get writable() { return this.#transform.writable; }
}
defineInterface(DecompressionStream);
