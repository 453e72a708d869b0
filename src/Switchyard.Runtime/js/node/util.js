// node:util: the npm `util` package, plus what it lacks from Node's (TextEncoder/TextDecoder).
import util from "util";
import { registerBuiltin } from "./internal/process.js";

const merged = { ...util, TextEncoder: globalThis.TextEncoder, TextDecoder: globalThis.TextDecoder };
registerBuiltin("util", merged);
export default merged;
export const {
  format, inspect, inherits, promisify, callbackify, deprecate, debuglog, types, isArray, isBoolean, isNull,
  isNullOrUndefined, isNumber, isString, isSymbol, isUndefined, isRegExp, isObject, isDate, isError, isFunction,
  isPrimitive, isBuffer, log, _extend,
} = util;
export const { TextEncoder, TextDecoder } = globalThis;
