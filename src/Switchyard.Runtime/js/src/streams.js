// WHATWG Streams, from the bundled web-streams-polyfill (a port of the spec's reference implementation, see
// README.md), plus the few stream helpers the body and fetch code needs.
import {
  ReadableStream, ReadableStreamDefaultReader, ReadableStreamBYOBReader, ReadableStreamBYOBRequest,
  ReadableStreamDefaultController, ReadableByteStreamController, WritableStream, WritableStreamDefaultWriter,
  WritableStreamDefaultController, TransformStream, TransformStreamDefaultController, ByteLengthQueuingStrategy,
  CountQueuingStrategy,
} from "web-streams-polyfill";

export {
  ReadableStream, ReadableStreamDefaultReader, ReadableStreamBYOBReader, ReadableStreamBYOBRequest,
  ReadableStreamDefaultController, ReadableByteStreamController, WritableStream, WritableStreamDefaultWriter,
  WritableStreamDefaultController, TransformStream, TransformStreamDefaultController, ByteLengthQueuingStrategy,
  CountQueuingStrategy,
};

export function isReadableStream(value) {
  return value instanceof ReadableStream;
}

// The polyfill keeps the spec's [[disturbed]] slot as `_disturbed`; the bundled version is pinned, so reading it is safe.
export function isDisturbed(stream) {
  return stream._disturbed === true;
}

export function isLocked(stream) {
  return stream.locked;
}

/** A byte stream that yields `bytes` (if non-empty) then closes. */
export function streamFromBytes(bytes) {
  return new ReadableStream({
    type: "bytes",
    pull(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes.slice());
      controller.close();
    },
  }, { highWaterMark: 0 });
}

/** Reads a stream of BufferSource chunks to the end and returns the concatenated bytes. */
export async function readAllBytes(stream) {
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (!(value instanceof Uint8Array)) {
        if (ArrayBuffer.isView(value)) chunks.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
        else if (value instanceof ArrayBuffer) chunks.push(new Uint8Array(value));
        else throw new TypeError("The body stream yielded a chunk that is not a Uint8Array.");
      } else {
        chunks.push(value);
      }
      total += chunks[chunks.length - 1].byteLength;
    }
  } finally {
    reader.releaseLock();
  }
  return concatBytes(chunks, total);
}

export function concatBytes(chunks, total = chunks.reduce((n, c) => n + c.byteLength, 0)) {
  if (chunks.length === 1) return chunks[0].slice();
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
