// Build-time data of the Encoding Standard's legacy encodings (used by build.mjs; nothing here is bundled).
//
// * The index tables come from the npm package @kayahr/text-encoding (MIT), whose data/ folder holds each WHATWG index
//   as a plain array of code points by pointer (0 where the index has no entry), and index-gb18030-ranges as
//   [pointer, code point] pairs. They are written, gzip-compressed, to encoding-tables.bin, which the C# host embeds and
//   loads on the first legacy decode (src/Switchyard.Runtime/TextEncodings/EncodingTables.cs reads the format).
// * The labels come from the npm package @exodus/bytes (MIT), whose fallback/encoding.labels.js lists every label of
//   the standard by encoding name; they become one string in the bundle, in which the runtime looks labels up.
//
// Both packages are pinned (with their integrity) by package-lock.json. The checks below hold the data to the
// standard's published figures, so a package update that changed an index fails the build instead of shipping.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";

/** The single-byte encodings whose index the host decodes with (windows-1252 stays in the runtime's JS). */
export const SINGLE_BYTE = ["ibm866", "iso-8859-2", "iso-8859-3", "iso-8859-4", "iso-8859-5", "iso-8859-6", "iso-8859-7",
  "iso-8859-8", "iso-8859-10", "iso-8859-13", "iso-8859-14", "iso-8859-15", "iso-8859-16", "koi8-r", "koi8-u",
  "macintosh", "windows-874", "windows-1250", "windows-1251", "windows-1253", "windows-1254", "windows-1255",
  "windows-1256", "windows-1257", "windows-1258", "x-mac-cyrillic"];

// Entries (pointers with a code point) of each multi-byte index in the Encoding Standard's index files.
const MULTI_BYTE = { "big5": 18590, "euc-kr": 17048, "gb18030": 23940, "jis0208": 7724, "jis0212": 6067 };
const GB18030_RANGES = 207;
const LABELS = 228;

async function importData(nodeModules, pkg, file) {
  const full = path.join(nodeModules, pkg, file);
  if (file.endsWith(".json")) return JSON.parse(fs.readFileSync(full, "utf8"));
  return (await import(pathToFileURL(full).href)).default;
}

/**
 * encoding-tables.bin, before compression: "SYET", a version byte (1) and a table count byte, then per table its
 * name (a length byte and ASCII), the width of an entry in bytes (2 or 4), the entry count (uint32) and the entries
 * (little-endian; 0 = no code point). gb18030-ranges holds its pairs flattened.
 */
export async function buildEncodingTables(nodeModules) {
  const pkg = "@kayahr/text-encoding";
  const tables = [];
  for (const name of SINGLE_BYTE) {
    const values = await importData(nodeModules, pkg, `data/${name}.cp.${name === "x-mac-cyrillic" ? "json" : "js"}`);
    if (values.length !== 128) throw new Error(`${pkg}: the ${name} index has ${values.length} entries, not 128`);
    tables.push([name, values]);
  }
  for (const [name, entries] of Object.entries(MULTI_BYTE)) {
    const values = await importData(nodeModules, pkg, `data/${name}.cp.js`);
    const mapped = values.filter((v) => v).length;
    if (mapped !== entries) throw new Error(`${pkg}: the ${name} index maps ${mapped} pointers, the standard's ${entries}`);
    tables.push([name, values]);
  }
  const ranges = await importData(nodeModules, pkg, "data/gb18030.ranges.js");
  if (ranges.length !== GB18030_RANGES || ranges[0][0] !== 0 || ranges[0][1] !== 0x80) {
    throw new Error(`${pkg}: index gb18030 ranges has ${ranges.length} ranges, the standard's ${GB18030_RANGES}`);
  }
  tables.push(["gb18030-ranges", ranges.flat()]);

  const parts = [Buffer.from("SYET"), Buffer.from([1, tables.length])];
  for (const [name, values] of tables) {
    for (const v of values) {
      if (!Number.isInteger(v) || v < 0 || v > 0x10ffff) throw new Error(`${pkg}: ${name} holds ${v}, not a code point`);
    }
    const width = values.some((v) => v > 0xffff) ? 4 : 2;
    const header = Buffer.alloc(1 + name.length + 1 + 4);
    header[0] = name.length;
    header.write(name, 1, "ascii");
    header[1 + name.length] = width;
    header.writeUInt32LE(values.length, 2 + name.length);
    const data = Buffer.alloc(values.length * width);
    values.forEach((v, i) => (width === 2 ? data.writeUInt16LE(v, i * 2) : data.writeUInt32LE(v, i * 4)));
    parts.push(header, data);
  }
  return zlib.gzipSync(Buffer.concat(parts), { level: 9 });
}

/**
 * Every label of the standard as "name label label …" (the name first: it is a label of itself) joined by ";", lower
 * case, as getEncoding() in src/encoding.js searches it.
 */
export async function encodingLabels(nodeModules) {
  const labels = await importData(nodeModules, "@exodus/bytes", "fallback/encoding.labels.js");
  const groups = [];
  let count = 0;
  for (const [name, list] of Object.entries(labels)) {
    const rest = [...new Set(list)].filter((l) => l !== name);
    for (const l of [name, ...rest]) {
      if (l !== l.toLowerCase() || /[\s;]/.test(l)) throw new Error(`@exodus/bytes: unexpected label '${l}'`);
    }
    count += 1 + rest.length;
    groups.push([name, ...rest].join(" "));
  }
  if (count !== LABELS) throw new Error(`@exodus/bytes lists ${count} encoding labels, the standard ${LABELS}`);
  return groups.join(";");
}
