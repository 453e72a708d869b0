// TEST-ONLY: the host function `decodeLegacy` (HOST_INTERFACE.md, "Text encodings") for node-host.mjs, written from
// the Encoding Standard's decoder algorithms independently of the C# host (src/Switchyard.Runtime/TextEncodings/), so
// the conformance cases check the two against each other. It reads the same table file the build writes beside the
// runtime bundle (encoding-tables.bin, see src/Switchyard.Runtime/js/encoding-data.mjs).
import fs from "node:fs";
import zlib from "node:zlib";

const MAX_INPUT = 65536;

const loaded = new Map(); // file -> tables, shared by every host of the process as the C# host's are

/** Reads encoding-tables.bin: { name: number[] } (code points by pointer, 0 for none). */
function readTables(file) {
  if (loaded.has(file)) return loaded.get(file);
  const data = zlib.gunzipSync(fs.readFileSync(file));
  if (data.toString("latin1", 0, 4) !== "SYET" || data[4] !== 1) throw new Error(`${file} is not in format 1`);
  const tables = {};
  let p = 6;
  for (let t = 0; t < data[5]; t++) {
    const name = data.toString("latin1", p + 1, p + 1 + data[p]);
    p += 1 + data[p];
    const width = data[p];
    const count = data.readUInt32LE(p + 1);
    p += 5;
    const values = new Array(count);
    for (let i = 0; i < count; i++) values[i] = width === 2 ? data.readUInt16LE(p + 2 * i) : data.readUInt32LE(p + 4 * i);
    p += count * width;
    tables[name] = values;
  }
  loaded.set(file, tables);
  return tables;
}

const SINGLE_BYTE = new Set(["ibm866", "iso-8859-2", "iso-8859-3", "iso-8859-4", "iso-8859-5", "iso-8859-6", "iso-8859-7",
  "iso-8859-8", "iso-8859-10", "iso-8859-13", "iso-8859-14", "iso-8859-15", "iso-8859-16", "koi8-r", "koi8-u",
  "macintosh", "windows-874", "windows-1250", "windows-1251", "windows-1253", "windows-1254", "windows-1255",
  "windows-1256", "windows-1257", "windows-1258", "x-mac-cyrillic"]);

const CONTINUE = -1, ERROR = -2, FINISHED = -3, EOQ = -1;

/** Returns decodeLegacy(encoding, bytes, state, flush, fatal) -> { text, state } | null, loading the tables on first use. */
export function createLegacyDecoder(tablesFile) {
  let tables = null;
  const table = (name) => (tables ??= readTables(tablesFile))[name];
  const lookup = (name, pointer) => { const t = table(name); return pointer >= 0 && pointer < t.length && t[pointer] ? t[pointer] : null; };

  function rangesCodePoint(pointer) {
    if ((pointer > 39419 && pointer < 189000) || pointer > 1237575) return null;
    if (pointer === 7457) return 0xe7c7;
    const r = table("gb18030-ranges");
    let i = 0;
    while (i + 2 < r.length && r[i + 2] <= pointer) i += 2;
    return r[i + 1] + pointer - r[i];
  }

  // Each handler gets (byte or EOQ, s = decoder state object, restore(...bytes), emit(cp)) and returns a code point,
  // CONTINUE, ERROR or FINISHED, as the standard's handlers do.
  const handlers = {
    gb18030(b, s, restore) {
      if (b === EOQ) {
        if (!s.first && !s.second && !s.third) return FINISHED;
        s.first = s.second = s.third = 0;
        return ERROR;
      }
      if (s.third) {
        if (b < 0x30 || b > 0x39) { restore(s.second, s.third, b); s.first = s.second = s.third = 0; return ERROR; }
        const cp = rangesCodePoint((s.first - 0x81) * 12600 + (s.second - 0x30) * 1260 + (s.third - 0x81) * 10 + b - 0x30);
        s.first = s.second = s.third = 0;
        return cp === null ? ERROR : cp;
      }
      if (s.second) {
        if (b >= 0x81 && b <= 0xfe) { s.third = b; return CONTINUE; }
        restore(s.second, b); s.first = s.second = 0;
        return ERROR;
      }
      if (s.first) {
        if (b >= 0x30 && b <= 0x39) { s.second = b; return CONTINUE; }
        const lead = s.first;
        s.first = 0;
        const offset = b < 0x7f ? 0x40 : 0x41;
        const cp = (b >= 0x40 && b <= 0x7e) || (b >= 0x80 && b <= 0xfe) ? lookup("gb18030", (lead - 0x81) * 190 + b - offset) : null;
        if (cp !== null) return cp;
        if (b < 0x80) restore(b);
        return ERROR;
      }
      if (b < 0x80) return b;
      if (b === 0x80) return 0x20ac;
      if (b >= 0x81 && b <= 0xfe) { s.first = b; return CONTINUE; }
      return ERROR;
    },
    big5(b, s, restore, emit) {
      if (b === EOQ) { if (!s.first) return FINISHED; s.first = 0; return ERROR; }
      if (s.first) {
        const lead = s.first;
        s.first = 0;
        const offset = b < 0x7f ? 0x40 : 0x62;
        const pointer = (b >= 0x40 && b <= 0x7e) || (b >= 0xa1 && b <= 0xfe) ? (lead - 0x81) * 157 + b - offset : null;
        const pair = { 1133: [0xca, 0x304], 1135: [0xca, 0x30c], 1164: [0xea, 0x304], 1166: [0xea, 0x30c] }[pointer];
        if (pair) { emit(pair[0]); return pair[1]; }
        const cp = pointer === null ? null : lookup("big5", pointer);
        if (cp !== null) return cp;
        if (b < 0x80) restore(b);
        return ERROR;
      }
      if (b < 0x80) return b;
      if (b >= 0x81 && b <= 0xfe) { s.first = b; return CONTINUE; }
      return ERROR;
    },
    "euc-jp"(b, s, restore) {
      if (b === EOQ) { if (!s.first) return FINISHED; s.first = 0; return ERROR; }
      if (s.first === 0x8e && b >= 0xa1 && b <= 0xdf) { s.first = 0; return 0xff61 - 0xa1 + b; }
      if (s.first === 0x8f && b >= 0xa1 && b <= 0xfe) { s.flag = true; s.first = b; return CONTINUE; }
      if (s.first) {
        const lead = s.first;
        s.first = 0;
        let cp = null;
        if (lead >= 0xa1 && lead <= 0xfe && b >= 0xa1 && b <= 0xfe) cp = lookup(s.flag ? "jis0212" : "jis0208", (lead - 0xa1) * 94 + b - 0xa1);
        s.flag = false;
        if (cp !== null) return cp;
        if (b < 0x80) restore(b);
        return ERROR;
      }
      if (b < 0x80) return b;
      if (b === 0x8e || b === 0x8f || (b >= 0xa1 && b <= 0xfe)) { s.first = b; return CONTINUE; }
      return ERROR;
    },
    "iso-2022-jp"(b, s, restore) {
      // modes: 0 ASCII, 1 Roman, 2 katakana, 3 leading byte, 4 trailing byte, 5 escape start, 6 escape
      switch (s.mode) {
        case 0: case 1: case 2: case 3:
          if (b === 0x1b) { s.mode = 5; return CONTINUE; }
          if (b === EOQ) return FINISHED;
          s.flag = false;
          if (s.mode === 2) return b >= 0x21 && b <= 0x5f ? 0xff61 - 0x21 + b : ERROR;
          if (s.mode === 3) {
            if (b >= 0x21 && b <= 0x7e) { s.first = b; s.mode = 4; return CONTINUE; }
            return ERROR;
          }
          if (b > 0x7f || b === 0x0e || b === 0x0f) return ERROR;
          if (s.mode === 1 && b === 0x5c) return 0xa5;
          if (s.mode === 1 && b === 0x7e) return 0x203e;
          return b;
        case 4: {
          if (b === 0x1b) { s.mode = 5; return ERROR; }
          s.mode = 3;
          if (b >= 0x21 && b <= 0x7e) return lookup("jis0208", (s.first - 0x21) * 94 + b - 0x21) ?? ERROR;
          return ERROR;
        }
        case 5:
          if (b === 0x24 || b === 0x28) { s.first = b; s.mode = 6; return CONTINUE; }
          if (b !== EOQ) restore(b);
          s.flag = false;
          s.mode = s.output;
          return ERROR;
        case 6: {
          const lead = s.first;
          s.first = 0;
          let mode = null;
          if (lead === 0x28 && b === 0x42) mode = 0;
          else if (lead === 0x28 && b === 0x4a) mode = 1;
          else if (lead === 0x28 && b === 0x49) mode = 2;
          else if (lead === 0x24 && (b === 0x40 || b === 0x42)) mode = 3;
          if (mode !== null) {
            s.mode = s.output = mode;
            const output = s.flag;
            s.flag = true;
            return output ? ERROR : CONTINUE;
          }
          if (b === EOQ) restore(lead); else restore(lead, b);
          s.flag = false;
          s.mode = s.output;
          return ERROR;
        }
      }
      throw new Error(`bad iso-2022-jp state ${s.mode}`);
    },
    shift_jis(b, s, restore) {
      if (b === EOQ) { if (!s.first) return FINISHED; s.first = 0; return ERROR; }
      if (s.first) {
        const lead = s.first;
        s.first = 0;
        const offset = b < 0x7f ? 0x40 : 0x41;
        const leadOffset = lead < 0xa0 ? 0x81 : 0xc1;
        const pointer = (b >= 0x40 && b <= 0x7e) || (b >= 0x80 && b <= 0xfc) ? (lead - leadOffset) * 188 + b - offset : null;
        if (pointer !== null && pointer >= 8836 && pointer <= 10715) return 0xe000 - 8836 + pointer;
        const cp = pointer === null ? null : lookup("jis0208", pointer);
        if (cp !== null) return cp;
        if (b < 0x80) restore(b);
        return ERROR;
      }
      if (b <= 0x80) return b;
      if (b >= 0xa1 && b <= 0xdf) return 0xff61 - 0xa1 + b;
      if ((b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc)) { s.first = b; return CONTINUE; }
      return ERROR;
    },
    "euc-kr"(b, s, restore) {
      if (b === EOQ) { if (!s.first) return FINISHED; s.first = 0; return ERROR; }
      if (s.first) {
        const lead = s.first;
        s.first = 0;
        const cp = b >= 0x41 && b <= 0xfe ? lookup("euc-kr", (lead - 0x81) * 190 + b - 0x41) : null;
        if (cp !== null) return cp;
        if (b < 0x80) restore(b);
        return ERROR;
      }
      if (b < 0x80) return b;
      if (b >= 0x81 && b <= 0xfe) { s.first = b; return CONTINUE; }
      return ERROR;
    },
    replacement(b, s) {
      if (b === EOQ || s.flag) return FINISHED;
      s.flag = true;
      return ERROR;
    },
  };
  handlers.gbk = handlers.gb18030;

  // The state number packs the fields as the C# host does (it is opaque to the runtime either way).
  const unpack = (n) => ({ first: n & 0xff, second: (n >> 8) & 0xff, third: (n >> 16) & 0xff, mode: (n >> 24) & 7, output: (n >> 27) & 7, flag: (n & (1 << 30)) !== 0 });
  const pack = (s) => s.first | (s.second << 8) | (s.third << 16) | (s.mode << 24) | (s.output << 27) | (s.flag ? 1 << 30 : 0);

  return function decodeLegacy(encoding, bytes, state, flush, fatal) {
    if (bytes.length > MAX_INPUT) throw new Error(`At most ${MAX_INPUT} bytes are decoded in one call.`);
    const units = [];
    const out = (cp) => {
      if (cp < 0x10000) units.push(cp);
      else { cp -= 0x10000; units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff)); }
    };
    const toString = () => {
      let text = "";
      for (let k = 0; k < units.length; k += 8192) text += String.fromCharCode(...units.slice(k, k + 8192));
      return text;
    };
    const name = encoding === "iso-8859-8-i" ? "iso-8859-8" : encoding;
    if (SINGLE_BYTE.has(name)) {
      const index = table(name);
      for (const b of bytes) {
        const cp = b < 0x80 ? b : index[b - 0x80];
        if (!cp && b >= 0x80) { if (fatal) return null; out(0xfffd); } else out(cp);
      }
      return { text: toString(), state: 0 };
    }
    const handler = handlers[name];
    if (handler === undefined) throw new Error(`The host does not decode '${encoding}'.`);
    const s = unpack(state);
    const front = [];
    let i = 0;
    const restore = (...items) => front.unshift(...items);
    for (;;) {
      const item = front.length > 0 ? front.shift() : i < bytes.length ? bytes[i++] : EOQ;
      if (item === EOQ && !flush) break;
      const result = handler(item, s, restore, out);
      if (result === FINISHED) break;
      if (result === ERROR) { if (fatal) return null; out(0xfffd); } else if (result >= 0) out(result);
    }
    return { text: toString(), state: flush ? 0 : pack(s) };
  };
}
