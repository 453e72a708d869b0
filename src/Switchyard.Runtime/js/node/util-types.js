// node:util/types
import util from "util";
import { registerBuiltin } from "./internal/process.js";

registerBuiltin("util/types", util.types);
export default util.types;
export const {
  isArgumentsObject, isGeneratorFunction, isTypedArray, isPromise, isArrayBufferView, isUint8Array, isUint8ClampedArray,
  isUint16Array, isUint32Array, isInt8Array, isInt16Array, isInt32Array, isFloat32Array, isFloat64Array,
  isBigInt64Array, isBigUint64Array, isMap, isSet, isWeakMap, isWeakSet, isArrayBuffer, isDataView,
  isSharedArrayBuffer, isAsyncFunction, isMapIterator, isSetIterator, isGeneratorObject, isWebAssemblyCompiledModule,
  isNumberObject, isStringObject, isBooleanObject, isBigIntObject, isSymbolObject, isBoxedPrimitive,
  isAnyArrayBuffer, isProxy, isExternal, isModuleNamespaceObject, isDate, isRegExp, isNativeError,
} = util.types;
