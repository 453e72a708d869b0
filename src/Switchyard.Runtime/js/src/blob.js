// Blob and File (File API). Contents live in memory as one immutable Uint8Array that slices share.
import { streamFromBytes } from "./streams.js";
import { utf8Encode, utf8Decode } from "./encoding.js";
import { bufferSourceView, defineInterface, isObject, requiredArguments, toDOMString, toUSVString } from "./webidl.js";

function normaliseType(type) {
  const s = toDOMString(type);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return "";
  }
  return s.toLowerCase();
}

function partsToBytes(parts, endings) {
  if (parts === undefined) return new Uint8Array(0);
  if (!isObject(parts) || typeof parts[Symbol.iterator] !== "function") {
    throw new TypeError("Failed to construct 'Blob': The provided value cannot be converted to a sequence.");
  }
  const chunks = [];
  let total = 0;
  for (const part of parts) {
    let bytes;
    if (part instanceof Blob) bytes = blobBytes(part);
    else if (part instanceof ArrayBuffer || ArrayBuffer.isView(part)) bytes = bufferSourceView(part).slice();
    else {
      let s = toUSVString(part);
      if (endings === "native") s = s.replace(/\r\n?/g, "\n");
      bytes = utf8Encode(s);
    }
    chunks.push(bytes);
    total += bytes.byteLength;
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) { out.set(c, offset); offset += c.byteLength; }
  return out;
}

function parseBlobOptions(options, context) {
  if (options !== undefined && options !== null && !isObject(options)) {
    throw new TypeError(`Failed to construct '${context}': The provided value is not of type 'BlobPropertyBag'.`);
  }
  const endings = options?.endings === undefined ? "transparent" : toDOMString(options.endings);
  if (endings !== "transparent" && endings !== "native") {
    throw new TypeError(`Failed to construct '${context}': The provided value '${endings}' is not a valid enum value of type EndingType.`);
  }
  const type = options?.type === undefined ? "" : normaliseType(options.type);
  return { endings, type };
}

export class Blob {
  #bytes;
  #type;

  constructor(blobParts = undefined, options = undefined) {
    const { endings, type } = parseBlobOptions(options, "Blob");
    this.#bytes = partsToBytes(blobParts, endings);
    this.#type = type;
  }

  get size() { return this.#bytes.byteLength; }
  get type() { return this.#type; }

  slice(start = undefined, end = undefined, contentType = undefined) {
    const size = this.#bytes.byteLength;
    const clamp = (value, fallback) => {
      if (value === undefined) return fallback;
      let n = Math.trunc(Number(value)) || 0;
      if (n < 0) n = Math.max(size + n, 0);
      return Math.min(n, size);
    };
    const from = clamp(start, 0);
    const to = clamp(end, size);
    const blob = new Blob();
    blob.#bytes = this.#bytes.subarray(from, Math.max(from, to));
    blob.#type = contentType === undefined ? "" : normaliseType(contentType);
    return blob;
  }

  stream() { return streamFromBytes(this.#bytes); }
  text() { return Promise.resolve(utf8Decode(this.#bytes)); }
  arrayBuffer() { return Promise.resolve(this.#bytes.slice().buffer); }
  bytes() { return Promise.resolve(this.#bytes.slice()); }

  static bytesOf(blob) { return blob.#bytes; }
  static setContents(blob, bytes, type) {
    blob.#bytes = bytes;
    blob.#type = type;
    return blob;
  }
}

/** The blob's bytes without copying; callers must not mutate them. */
export const blobBytes = Blob.bytesOf;
const setContents = Blob.setContents;
delete Blob.bytesOf;
delete Blob.setContents;
defineInterface(Blob);

/** Makes a Blob over `bytes` (taken, not copied) with an already-normalised type. */
export function createBlob(bytes, type = "") { return setContents(new Blob(), bytes, type); }

export class File extends Blob {
  #name;
  #lastModified;

  constructor(fileBits, fileName, options = undefined) {
    requiredArguments(arguments.length, 2, "Failed to construct 'File'");
    super(fileBits, options);
    this.#name = toUSVString(fileName);
    const lm = options?.lastModified;
    this.#lastModified = lm === undefined ? Date.now() : Math.trunc(Number(lm)) || 0;
  }

  get name() { return this.#name; }
  get lastModified() { return this.#lastModified; }
}
defineInterface(File);

/** Makes a File over `bytes` without copying. */
export function createFile(bytes, type, name, lastModified = Date.now()) {
  return setContents(new File([], name, { lastModified }), bytes, type);
}
