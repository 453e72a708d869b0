// node:stream/promises
import stream from "readable-stream";

export default stream.promises;
export const { pipeline, finished } = stream.promises;
