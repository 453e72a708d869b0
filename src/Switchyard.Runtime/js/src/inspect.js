// A util.inspect-like formatter for console output: nested objects up to a depth, cycles as [Circular *n],
// Maps/Sets/typed arrays/errors/dates/regexps, URLs, class names from constructors and Symbol.toStringTag.
import { URL, URLSearchParams } from "./url.js";

const MAX_ARRAY_ITEMS = 100;
const MAX_STRING_LENGTH = 10000;
const BREAK_LENGTH = 72;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
// A URL's state lives in getters (and private fields), so it is shown through them, in node's and workerd's order.
const URL_MEMBERS = ["href", "origin", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search",
  "searchParams", "hash"];

function quote(s) {
  const escaped = s.replace(/[\\'\n\r\t\b\f\v\0]/g, (c) => ({
    "\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f", "\v": "\\v", "\0": "\\0",
  })[c]);
  return `'${escaped}'`;
}

function formatKey(key) {
  if (typeof key === "symbol") return `[${key.toString()}]`;
  return IDENTIFIER.test(key) ? key : quote(key);
}

function constructorName(value) {
  let proto = value;
  while (proto !== null) {
    const desc = Object.getOwnPropertyDescriptor(proto, "constructor");
    if (desc !== undefined && typeof desc.value === "function" && desc.value.name !== "") return desc.value.name;
    proto = Object.getPrototypeOf(proto);
  }
  return null;
}

function prefixFor(value, fallback, size) {
  const name = constructorName(value);
  let tag = "";
  try { tag = value[Symbol.toStringTag]; } catch { tag = ""; }
  let prefix = name === null ? `[${fallback}: null prototype]` : name;
  if (typeof tag === "string" && tag !== "" && tag !== name) prefix += ` [${tag}]`;
  if (size !== undefined) prefix += `(${size})`;
  return prefix;
}

function errorToString(error) {
  let stack;
  try { stack = error.stack; } catch { stack = undefined; }
  if (typeof stack === "string" && stack !== "") return stack;
  try { return Error.prototype.toString.call(error); } catch { return "[Error]"; }
}

function isError(value) {
  return value instanceof Error || Object.prototype.toString.call(value) === "[object Error]";
}

function join(parts, open, close, indent) {
  if (parts.length === 0) return `${open}${close}`;
  const oneLine = `${open} ${parts.join(", ")} ${close}`;
  if (oneLine.length <= BREAK_LENGTH && !parts.some((p) => p.includes("\n"))) return oneLine;
  const pad = "  ".repeat(indent + 1);
  return `${open}\n${pad}${parts.join(`,\n${pad}`)}\n${"  ".repeat(indent)}${close}`;
}

class Inspector {
  constructor(depth) {
    this.maxDepth = depth;
    this.seen = [];
    this.circular = new Map();
  }

  format(value, depth, indent) {
    switch (typeof value) {
      case "string": return quote(value.length > MAX_STRING_LENGTH ? `${value.slice(0, MAX_STRING_LENGTH)}... ${value.length - MAX_STRING_LENGTH} more characters` : value);
      case "number": return Object.is(value, -0) ? "-0" : String(value);
      case "bigint": return `${value}n`;
      case "boolean": return String(value);
      case "undefined": return "undefined";
      case "symbol": return value.toString();
      default: break;
    }
    if (value === null) return "null";
    if (this.seen.includes(value)) {
      let n = this.circular.get(value);
      if (n === undefined) { n = this.circular.size + 1; this.circular.set(value, n); }
      return `[Circular *${n}]`;
    }
    this.seen.push(value);
    try {
      const out = this.formatObject(value, depth, indent);
      const n = this.circular.get(value);
      return n === undefined ? out : `<ref *${n}> ${out}`;
    } finally {
      this.seen.pop();
    }
  }

  ownEntries(value, skipIndices) {
    const parts = [];
    for (const key of Reflect.ownKeys(value)) {
      const desc = Reflect.getOwnPropertyDescriptor(value, key);
      if (!desc || !desc.enumerable) continue;
      if (skipIndices && typeof key === "string" && /^(0|[1-9]\d*)$/.test(key)) continue;
      parts.push([key, desc]);
    }
    return parts;
  }

  formatProperty(key, desc, depth, indent) {
    let shown;
    if ("value" in desc) shown = this.format(desc.value, depth + 1, indent + 1);
    else if (desc.get && desc.set) shown = "[Getter/Setter]";
    else if (desc.get) shown = "[Getter]";
    else shown = "[Setter]";
    return `${formatKey(key)}: ${shown}`;
  }

  formatObject(value, depth, indent) {
    if (typeof value === "function") {
      const name = value.name ? `: ${value.name}` : " (anonymous)";
      const kind = /^class\s/.test(Function.prototype.toString.call(value)) ? "class" : "Function";
      const base = kind === "class" ? `[class ${value.name || "(anonymous)"}]` : `[${kind}${name}]`;
      const props = this.ownEntries(value, false).map(([k, d]) => this.formatProperty(k, d, depth, indent));
      return props.length === 0 ? base : join(props, `${base} {`, "}", indent);
    }
    if (isError(value)) {
      const text = errorToString(value);
      const props = this.ownEntries(value, false).filter(([k]) => k !== "stack" && k !== "message");
      if (props.length === 0 || depth > this.maxDepth) return text;
      return join(props.map(([k, d]) => this.formatProperty(k, d, depth, indent)), `${text} {`, "}", indent);
    }
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
    if (value instanceof RegExp) return RegExp.prototype.toString.call(value);
    if (value instanceof Promise) return "Promise { <unknown> }";
    if (value instanceof WeakMap) return "WeakMap { <items unknown> }";
    if (value instanceof WeakSet) return "WeakSet { <items unknown> }";
    if (value instanceof Boolean || value instanceof Number || value instanceof String) {
      return `[${constructorName(value) ?? "Object"}: ${this.format(value.valueOf(), depth, indent)}]`;
    }

    if (value instanceof URL) {
      if (depth > this.maxDepth) return "URL {}";
      return join(URL_MEMBERS.map((k) => `${k}: ${this.format(value[k], depth + 1, indent + 1)}`), "URL {", "}", indent);
    }
    if (depth > this.maxDepth) {
      if (Array.isArray(value)) return "[Array]";
      return `[${constructorName(value) ?? "Object"}]`;
    }

    if (Array.isArray(value)) {
      const parts = [];
      const shown = Math.min(value.length, MAX_ARRAY_ITEMS);
      let holes = 0;
      for (let i = 0; i < shown; i++) {
        if (!Object.prototype.hasOwnProperty.call(value, i)) { holes++; continue; }
        if (holes > 0) { parts.push(`<${holes} empty item${holes > 1 ? "s" : ""}>`); holes = 0; }
        parts.push(this.format(value[i], depth + 1, indent + 1));
      }
      if (holes > 0) parts.push(`<${holes} empty item${holes > 1 ? "s" : ""}>`);
      if (value.length > shown) parts.push(`... ${value.length - shown} more item${value.length - shown > 1 ? "s" : ""}`);
      for (const [k, d] of this.ownEntries(value, true)) if (k !== "length") parts.push(this.formatProperty(k, d, depth, indent));
      const name = constructorName(value);
      return join(parts, name === "Array" ? "[" : `${name ?? "[Array: null prototype]"}(${value.length}) [`, "]", indent);
    }
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const parts = [];
      const shown = Math.min(value.length, MAX_ARRAY_ITEMS);
      for (let i = 0; i < shown; i++) parts.push(this.format(value[i], depth + 1, indent + 1));
      if (value.length > shown) parts.push(`... ${value.length - shown} more item${value.length - shown > 1 ? "s" : ""}`);
      return join(parts, `${constructorName(value)}(${value.length}) [`, "]", indent);
    }
    if (value instanceof ArrayBuffer) {
      const bytes = new Uint8Array(value, 0, Math.min(value.byteLength, 50));
      let hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
      if (value.byteLength > 50) hex += ` ... ${value.byteLength - 50} more bytes`;
      return `ArrayBuffer { [Uint8Contents]: <${hex}>, byteLength: ${value.byteLength} }`;
    }
    if (value instanceof Map) {
      const parts = [];
      for (const [k, v] of value) parts.push(`${this.format(k, depth + 1, indent + 1)} => ${this.format(v, depth + 1, indent + 1)}`);
      for (const [k, d] of this.ownEntries(value, false)) parts.push(this.formatProperty(k, d, depth, indent));
      return join(parts, `${prefixFor(value, "Map", value.size)} {`, "}", indent);
    }
    if (value instanceof URLSearchParams) {
      const parts = [];
      for (const [k, v] of value) parts.push(`${quote(k)} => ${quote(v)}`);
      return join(parts, "URLSearchParams {", "}", indent);
    }
    if (value instanceof Set) {
      const parts = [];
      for (const v of value) parts.push(this.format(v, depth + 1, indent + 1));
      for (const [k, d] of this.ownEntries(value, false)) parts.push(this.formatProperty(k, d, depth, indent));
      return join(parts, `${prefixFor(value, "Set", value.size)} {`, "}", indent);
    }

    const parts = this.ownEntries(value, false).map(([k, d]) => this.formatProperty(k, d, depth, indent));
    const name = constructorName(value);
    let tag = "";
    try { tag = value[Symbol.toStringTag]; } catch { tag = ""; }
    if (name === "Object" && (typeof tag !== "string" || tag === "")) return join(parts, "{", "}", indent);
    const prefix = prefixFor(value, "Object");
    return parts.length === 0 ? `${prefix} {}` : join(parts, `${prefix} {`, "}", indent);
  }
}

/** Formats any value for display; strings at top level are shown quoted as util.inspect does. */
export function inspect(value, { depth = 2 } = {}) {
  return new Inspector(depth).format(value, 0, 0);
}

/** console.log-style formatting: printf directives in a leading string, then inspected arguments. */
export function formatLogArguments(args) {
  if (args.length === 0) return "";
  let out = "";
  let rest = 0;
  if (typeof args[0] === "string") {
    const format = args[0];
    rest = 1;
    let last = 0;
    for (let i = 0; i < format.length - 1; i++) {
      if (format[i] !== "%") continue;
      const d = format[i + 1];
      let piece = null;
      if (d === "%") { piece = "%"; }
      else if (rest < args.length || !"sdifjoOc".includes(d)) {
        const arg = args[rest];
        switch (d) {
          case "s": piece = typeof arg === "string" ? arg : typeof arg === "bigint" ? `${arg}n` : typeof arg === "symbol" ? arg.toString() : (typeof arg === "object" && arg !== null) ? inspect(arg, { depth: 1 }) : String(arg); break;
          case "d": case "i": {
            if (typeof arg === "bigint") piece = `${arg}n`;
            else if (typeof arg === "symbol") piece = "NaN";
            else { const n = Number(arg); piece = String(d === "i" ? Math.trunc(n) : n); }
            break;
          }
          case "f": piece = typeof arg === "symbol" ? "NaN" : String(parseFloat(arg)); break;
          case "j": try { piece = JSON.stringify(arg); } catch { piece = "[Circular]"; } break;
          case "o": piece = inspect(arg, { depth: 4 }); break;
          case "O": piece = inspect(arg); break;
          case "c": piece = ""; break;
          default: piece = null;
        }
        if (piece !== null && d !== "%") rest++;
      }
      if (piece === null) continue;
      out += format.slice(last, i) + piece;
      last = i + 2;
      i++;
    }
    out += format.slice(last);
  }
  for (let i = rest; i < args.length; i++) {
    const arg = args[i];
    const text = typeof arg === "string" ? arg : inspect(arg);
    out += (out === "" && i === 0 ? "" : " ") + text;
  }
  return out;
}
