// node:stream/promises
import stream from "readable-stream";
import { registerBuiltin } from "./internal/process.js";

registerBuiltin("stream/promises", stream.promises);
export default stream.promises;
export const { pipeline, finished } = stream.promises;
