// The fflate codecs behind compression.js, in a module of their own so that compression.js can load them lazily
// while esbuild still leaves the rest of fflate out of the bundle.
export { Gzip, Gunzip, Zlib, Unzlib, Deflate, Inflate } from "fflate";
