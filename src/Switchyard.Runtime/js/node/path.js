// node:path (and node:path/posix): `path-browserify`, Node's POSIX path module. Workers have no Windows paths.
import path from "path-browserify";
import { registerBuiltin } from "./internal/process.js";

registerBuiltin("path", path);
registerBuiltin("path/posix", path);
export default path;
export const {
  sep, delimiter, resolve, normalize, isAbsolute, join, relative, toNamespacedPath, dirname, basename, extname,
  format, parse, posix,
} = path;
