// FormData (XHR Standard §4.3) and its two wire forms: multipart/form-data (HTML's encoding algorithm and the
// Fetch Standard's parser) and application/x-www-form-urlencoded.
import { Blob, File, blobBytes, createFile } from "./blob.js";
import { utf8Encode, utf8Decode } from "./encoding.js";
import { URLSearchParams } from "./url.js";
import { defineInterface, definePairIterable, isObject, requiredArguments, toUSVString } from "./webidl.js";
import { concatBytes } from "./streams.js";

function entryValue(value, filename, argc, context) {
  if (value instanceof Blob) {
    if (!(value instanceof File) || filename !== undefined) {
      const name = filename !== undefined ? toUSVString(filename) : value instanceof File ? value.name : "blob";
      return createFile(blobBytes(value), value.type, name, value instanceof File ? value.lastModified : Date.now());
    }
    return value;
  }
  if (argc > 2) throw new TypeError(`${context}: parameter 2 is not of type 'Blob'.`);
  return toUSVString(value);
}

export class FormData {
  #entries = [];

  constructor(form = undefined) {
    if (form !== undefined) throw new TypeError("Failed to construct 'FormData': parameter 1 is not of type 'HTMLFormElement'.");
  }

  append(name, value, filename = undefined) {
    requiredArguments(arguments.length, 2, "Failed to execute 'append' on 'FormData'");
    this.#entries.push([toUSVString(name), entryValue(value, filename, arguments.length, "Failed to execute 'append' on 'FormData'")]);
  }

  delete(name) {
    requiredArguments(arguments.length, 1, "Failed to execute 'delete' on 'FormData'");
    const n = toUSVString(name);
    this.#entries = this.#entries.filter(([k]) => k !== n);
  }

  get(name) {
    requiredArguments(arguments.length, 1, "Failed to execute 'get' on 'FormData'");
    const n = toUSVString(name);
    const entry = this.#entries.find(([k]) => k === n);
    return entry === undefined ? null : entry[1];
  }

  getAll(name) {
    requiredArguments(arguments.length, 1, "Failed to execute 'getAll' on 'FormData'");
    const n = toUSVString(name);
    return this.#entries.filter(([k]) => k === n).map(([, v]) => v);
  }

  has(name) {
    requiredArguments(arguments.length, 1, "Failed to execute 'has' on 'FormData'");
    const n = toUSVString(name);
    return this.#entries.some(([k]) => k === n);
  }

  set(name, value, filename = undefined) {
    requiredArguments(arguments.length, 2, "Failed to execute 'set' on 'FormData'");
    const n = toUSVString(name);
    const entry = [n, entryValue(value, filename, arguments.length, "Failed to execute 'set' on 'FormData'")];
    const index = this.#entries.findIndex(([k]) => k === n);
    if (index < 0) this.#entries.push(entry);
    else {
      this.#entries[index] = entry;
      this.#entries = this.#entries.filter(([k], i) => k !== n || i === index);
    }
  }

  static entriesOf(formData) { return formData.#entries; }
  static isFormData(value) { return isObject(value) && #entries in value; }
}

const entriesOf = FormData.entriesOf;
const isFormData = FormData.isFormData;
delete FormData.entriesOf;
delete FormData.isFormData;
definePairIterable(FormData, "FormData", (self) => {
  if (!isFormData(self)) throw new TypeError("Illegal invocation: not a FormData object.");
  return entriesOf(self);
});
defineInterface(FormData);

const escapeName = (s) => s.replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");
const normaliseNewlines = (s) => s.replace(/\r\n|\r|\n/g, "\r\n");

/** Serialises a FormData as multipart/form-data; returns { boundary, bytes }. */
export function serializeMultipart(formData) {
  let boundary = "----SwitchyardFormBoundary";
  for (let i = 0; i < 16; i++) boundary += "0123456789abcdef"[Math.floor(Math.random() * 16)];
  const chunks = [];
  for (const [rawName, value] of entriesOf(formData)) {
    const name = escapeName(normaliseNewlines(rawName));
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${name}"`;
    if (typeof value === "string") {
      chunks.push(utf8Encode(`${head}\r\n\r\n`), utf8Encode(normaliseNewlines(value)), utf8Encode("\r\n"));
    } else {
      head += `; filename="${escapeName(value.name)}"\r\nContent-Type: ${value.type || "application/octet-stream"}\r\n\r\n`;
      chunks.push(utf8Encode(head), blobBytes(value), utf8Encode("\r\n"));
    }
  }
  chunks.push(utf8Encode(`--${boundary}--\r\n`));
  return { boundary, bytes: concatBytes(chunks) };
}

function indexOfBytes(haystack, needle, from) {
  const first = needle[0];
  const last = haystack.length - needle.length;
  outer: for (let i = haystack.indexOf(first, from); i !== -1 && i <= last; i = haystack.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function parseError(detail) {
  return new TypeError(`Failed to parse the body as multipart/form-data: ${detail}.`);
}

function dispositionParam(header, param) {
  const re = new RegExp(`;\\s*${param}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, "i");
  const m = re.exec(header);
  if (!m) return null;
  const raw = m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2];
  return raw.replace(/%0A/gi, "\n").replace(/%0D/gi, "\r").replace(/%22/gi, "\"");
}

/** Parses a multipart/form-data body into a FormData (Fetch Standard "multipart/form-data parser"). */
export function parseMultipart(bytes, boundary) {
  const formData = new FormData();
  const entries = entriesOf(formData);
  const delimiter = utf8Encode(`--${boundary}`);
  const crlfDelimiter = utf8Encode(`\r\n--${boundary}`);
  let position = indexOfBytes(bytes, delimiter, 0);
  if (position === -1) throw parseError("no boundary found");
  position += delimiter.length;
  for (;;) {
    if (bytes[position] === 0x2d && bytes[position + 1] === 0x2d) break; // "--": closing delimiter
    // Transport padding then CRLF after the delimiter.
    while (bytes[position] === 0x20 || bytes[position] === 0x09) position++;
    if (bytes[position] !== 0x0d || bytes[position + 1] !== 0x0a) throw parseError("malformed boundary line");
    position += 2;
    const headersEnd = indexOfBytes(bytes, utf8Encode("\r\n\r\n"), position);
    let headerText;
    let bodyStart;
    if (bytes[position] === 0x0d && bytes[position + 1] === 0x0a) {
      headerText = "";
      bodyStart = position + 2;
    } else {
      if (headersEnd === -1) throw parseError("unterminated part headers");
      headerText = utf8Decode(bytes.subarray(position, headersEnd));
      bodyStart = headersEnd + 4;
    }
    let name = null;
    let filename = null;
    let contentType = null;
    for (const line of headerText.split("\r\n")) {
      if (line === "") continue;
      const colon = line.indexOf(":");
      if (colon <= 0) throw parseError("malformed part header");
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === "content-disposition") {
        if (!/^form-data\s*(;|$)/i.test(value)) throw parseError("part is not form-data");
        name = dispositionParam(value, "name");
        filename = dispositionParam(value, "filename");
      } else if (key === "content-type") {
        contentType = value;
      }
    }
    if (name === null) throw parseError("part has no name");
    const bodyEnd = indexOfBytes(bytes, crlfDelimiter, bodyStart);
    if (bodyEnd === -1) throw parseError("unterminated part");
    const content = bytes.subarray(bodyStart, bodyEnd);
    if (filename !== null) {
      entries.push([name, createFile(content.slice(), (contentType ?? "text/plain").toLowerCase(), filename, Date.now())]);
    } else {
      entries.push([name, utf8Decode(content)]);
    }
    position = bodyEnd + crlfDelimiter.length;
  }
  return formData;
}

/** Parses application/x-www-form-urlencoded text into a FormData. */
export function parseUrlencodedToFormData(text) {
  const formData = new FormData();
  const entries = entriesOf(formData);
  for (const [k, v] of new URLSearchParams(text)) entries.push([k, v]);
  return formData;
}
