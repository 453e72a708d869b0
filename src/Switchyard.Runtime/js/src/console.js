// The console namespace (Console Standard) over the host's `log(level, text)`; formatting happens here so the
// host receives one finished line per call.
import { callHost } from "./host.js";
import { formatLogArguments, inspect } from "./inspect.js";

let groupIndent = "";
const counts = new Map();
const timers = new Map();
let clock = () => Date.now();
export function setConsoleClock(now) { clock = now; }

// The host answers true when the invocation is traced (a tail or an invocation log watches the worker): then it also
// takes the call's arguments as JSON values, which is what a tail shows. Untraced calls pay for nothing more.
function emit(level, text, args) {
  const line = groupIndent === "" ? text : text.split("\n").map((l) => groupIndent + l).join("\n");
  if (callHost("log", level, line) !== true) return;
  let json;
  try {
    json = JSON.stringify(args === undefined ? [line] : args.map((a) => toJson(a, 0, [])));
  } catch {
    json = JSON.stringify([line]);  // a getter or proxy that throws: the formatted line stands for the values
  }
  callHost("logValues", json);
}

// A console argument as a JSON value: plain data as itself (to a bounded depth, cycles cut), everything else as the
// text the console would print for it.
function toJson(value, depth, parents) {
  switch (typeof value) {
    case "string": case "boolean": return value;
    case "number": return Number.isFinite(value) ? value : String(value);
    case "undefined": return "undefined";
    case "bigint": return `${value}n`;
    case "symbol": case "function": return inspect(value);
  }
  if (value === null) return null;
  if (parents.includes(value)) return "[Circular]";
  const plain = Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null;
  if (!plain) return inspect(value, { depth: 1 });
  if (depth >= 8) return inspect(value, { depth: 0 });
  parents.push(value);
  try {
    if (Array.isArray(value)) return value.map((v) => toJson(v, depth + 1, parents));
    const out = {};
    for (const key of Object.keys(value)) out[key] = toJson(value[key], depth + 1, parents);
    return out;
  } finally {
    parents.pop();
  }
}

function label(value) { return value === undefined ? "default" : String(value); }

function table(data) {
  if (typeof data !== "object" || data === null) return formatLogArguments([data]);
  const rows = data instanceof Map ? [...data.entries()].map(([k, v]) => [k, v]) : Object.entries(data);
  const columns = [];
  for (const [, row] of rows) {
    if (typeof row === "object" && row !== null) for (const k of Object.keys(row)) if (!columns.includes(k)) columns.push(k);
  }
  const hasValues = rows.some(([, row]) => typeof row !== "object" || row === null);
  const header = ["(index)", ...columns, ...(hasValues ? ["Values"] : [])];
  const cell = (v) => (v === undefined ? "" : typeof v === "string" ? v : inspect(v, { depth: 0 }));
  const body = rows.map(([k, row]) => [String(k), ...columns.map((c) => (typeof row === "object" && row !== null ? cell(row[c]) : "")),
    ...(hasValues ? [typeof row === "object" && row !== null ? "" : cell(row)] : [])]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)) + 2);
  const line = (l, m, r) => l + widths.map((w) => "─".repeat(w)).join(m) + r;
  const row = (cells) => "│" + cells.map((c, i) => {
    const space = widths[i] - c.length;
    return " ".repeat(Math.floor(space / 2)) + c + " ".repeat(Math.ceil(space / 2));
  }).join("│") + "│";
  return [line("┌", "┬", "┐"), row(header), line("├", "┼", "┤"), ...body.map(row), line("└", "┴", "┘")].join("\n");
}

const methods = {
  log(...args) { emit("log", formatLogArguments(args), args); },
  info(...args) { emit("info", formatLogArguments(args), args); },
  debug(...args) { emit("debug", formatLogArguments(args), args); },
  warn(...args) { emit("warn", formatLogArguments(args), args); },
  error(...args) { emit("error", formatLogArguments(args), args); },
  trace(...args) {
    const stack = (new Error().stack ?? "").split("\n").slice(2).join("\n");
    emit("debug", `Trace${args.length ? `: ${formatLogArguments(args)}` : ""}\n${stack}`);
  },
  dir(item, options = undefined) { emit("log", inspect(item, { depth: options?.depth ?? 2 })); },
  dirxml(...args) { emit("log", formatLogArguments(args)); },
  table(data, properties = undefined) { void properties; emit("log", table(data)); },
  assert(condition = false, ...args) {
    if (condition) return;
    if (args.length === 0) emit("error", "Assertion failed");
    else if (typeof args[0] === "string") emit("error", formatLogArguments([`Assertion failed: ${args[0]}`, ...args.slice(1)]));
    else emit("error", formatLogArguments(["Assertion failed:", ...args]));
  },
  count(name = undefined) {
    const key = label(name);
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    emit("info", `${key}: ${n}`);
  },
  countReset(name = undefined) {
    const key = label(name);
    if (!counts.has(key)) { emit("warn", `Count for '${key}' does not exist`); return; }
    counts.set(key, 0);
  },
  group(...args) { if (args.length) emit("log", formatLogArguments(args)); groupIndent += "  "; },
  groupCollapsed(...args) { if (args.length) emit("log", formatLogArguments(args)); groupIndent += "  "; },
  groupEnd() { groupIndent = groupIndent.slice(0, -2); },
  time(name = undefined) {
    const key = label(name);
    if (timers.has(key)) { emit("warn", `Timer '${key}' already exists`); return; }
    timers.set(key, clock());
  },
  timeLog(name = undefined, ...data) {
    const key = label(name);
    if (!timers.has(key)) { emit("warn", `Timer '${key}' does not exist`); return; }
    emit("info", formatLogArguments([`${key}: ${clock() - timers.get(key)}ms`, ...data]));
  },
  timeEnd(name = undefined) {
    const key = label(name);
    if (!timers.has(key)) { emit("warn", `Timer '${key}' does not exist`); return; }
    emit("info", `${key}: ${clock() - timers.get(key)}ms`);
    timers.delete(key);
  },
  clear() { groupIndent = ""; },
};

export const console = {};
for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(console, name, { value: fn, writable: true, enumerable: true, configurable: true });
}
Object.defineProperty(console, Symbol.toStringTag, { value: "console", configurable: true });
