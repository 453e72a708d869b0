// node:stream: `readable-stream` v4, Node's own streams published as a userland package.
import stream from "readable-stream";
import { registerBuiltin } from "./internal/process.js";

registerBuiltin("stream", stream);
export default stream;
export const {
  Readable, Writable, Duplex, Transform, PassThrough, Stream, pipeline, finished, addAbortSignal, compose, destroy,
  isDisturbed, isErrored, isReadable, promises,
} = stream;
