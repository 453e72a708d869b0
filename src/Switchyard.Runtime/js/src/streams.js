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

// Reading a body must not be observable through Object.prototype.then (WPT fetch/api/response/
// response-stream-with-broken-then.any.js): reader.read() resolves its promise with a { value, done } object, whose
// `then` a worker can patch to inject chunks, and so does every promise resolved with an object. So the runtime's own
// reads hand the stream a read request directly (the polyfill's [[PullSteps]] with the spec's chunk/close/error
// steps, on the pinned version's internal slots) and resolve their promises only with objects that have no
// prototype (`holder`).
const PULL_STEPS = Object.getOwnPropertySymbols(ReadableStreamDefaultController.prototype)
  .find((symbol) => symbol.description === "[[PullSteps]]");

/** An object with no prototype, so resolving a promise with it never looks up a `then`. */
export function holder(value) {
  const box = Object.create(null);
  box.value = value;
  return box;
}

// ReadableStreamDefaultReaderRead with a read request of the given steps.
function readRequest(reader, steps) {
  const stream = reader._ownerReadableStream;
  stream._disturbed = true;
  if (stream._state === "closed") steps._closeSteps();
  else if (stream._state === "errored") steps._errorSteps(stream._storedError);
  else stream._readableStreamController[PULL_STEPS](steps);
}

function chunkBytes(value) {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new TypeError("The body stream yielded a chunk that is not a Uint8Array.");
}

/**
 * Reads a stream of BufferSource chunks to the end; the promise resolves with a `holder` of the concatenated bytes
 * (see above for why not the bytes themselves).
 */
export function readAllBytes(stream) {
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  return new Promise((resolve, reject) => {
    let inRead = false;
    let readAgain = false;
    const finish = (error) => {
      reader.releaseLock();
      if (error === undefined) resolve(holder(concatBytes(chunks, total)));
      else reject(error);
    };
    const steps = {
      _chunkSteps(value) {
        let bytes;
        try { bytes = chunkBytes(value); } catch (error) { finish(error); return; }
        chunks.push(bytes);
        total += bytes.byteLength;
        if (inRead) readAgain = true; else pump();  // a queued chunk arrives synchronously: loop, don't recurse
      },
      _closeSteps() { finish(undefined); },
      _errorSteps(error) { finish(error); },
    };
    function pump() {
      do {
        readAgain = false;
        inRead = true;
        readRequest(reader, steps);
        inRead = false;
      } while (readAgain);
    }
    pump();
  });
}

/** The next chunk of a default reader as bytes, or null at the end; resolves with a `holder` (see above). */
export function readChunk(reader) {
  return new Promise((resolve, reject) => {
    readRequest(reader, {
      _chunkSteps(value) {
        try { resolve(holder(chunkBytes(value))); } catch (error) { reject(error); }
      },
      _closeSteps() { resolve(holder(null)); },
      _errorSteps: reject,
    });
  });
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
