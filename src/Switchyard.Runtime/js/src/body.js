// The Body mixin (Fetch Standard §5.3) shared by Request and Response. A body keeps its bytes (`source`) when they
// are known, so reading or cloning an untouched body never builds a stream; the stream exists once `.body` is read
// or the body came from a ReadableStream.
import { Blob, blobBytes, createBlob } from "./blob.js";
import { FormData, serializeMultipart, parseMultipart, parseUrlencodedToFormData } from "./formdata.js";
import { utf8Encode, utf8Decode } from "./encoding.js";
import { ReadableStream, holder, isDisturbed, readAllBytes, streamFromBytes } from "./streams.js";
import { URLSearchParams } from "./url.js";
import { bufferSourceView, toUSVString } from "./webidl.js";
import { headerList } from "./headers.js";

export class InnerBody {
  constructor(source, stream = null) {
    this.source = source; // Uint8Array or null
    this.stream = stream;
    this.usedDirectly = false;
  }

  get used() {
    return this.usedDirectly || (this.stream !== null && isDisturbed(this.stream));
  }

  getStream() {
    if (this.stream === null) {
      this.stream = streamFromBytes(this.usedDirectly ? new Uint8Array(0) : this.source);
      if (this.usedDirectly) {
        // Reflect the state a fully read body has: disturbed and locked.
        this.stream.getReader().read();
      }
    }
    return this.stream;
  }

  /**
   * Reads all bytes into a buffer the caller owns, marking the body used; TypeError when used or locked. Resolves
   * with a `holder` of the bytes, which no Object.prototype.then can intercept (see streams.js).
   */
  async consume() {
    if (this.used) throw new TypeError("Body has already been used. It can only be used once.");
    if (this.stream === null) {
      this.usedDirectly = true;
      return holder(this.source.slice()); // clones may share `source`
    }
    if (this.stream.locked) throw new TypeError("The body's stream is locked to a reader.");
    return readAllBytes(this.stream);
  }

  /** Returns a copy that reads independently (tees the stream when one exists). */
  clone() {
    if (this.used) throw new TypeError("Cannot clone a body that has already been used.");
    if (this.stream === null) return new InnerBody(this.source);
    if (this.stream.locked) throw new TypeError("Cannot clone a body whose stream is locked.");
    const [a, b] = this.stream.tee();
    this.stream = a;
    return new InnerBody(null, b);
  }
}

/**
 * "Extract a body" from a BodyInit: returns { body: InnerBody, type: string|null, length: number|null }.
 * `keepalive`-style restrictions do not apply in Workers.
 */
export function extractBody(init) {
  if (init instanceof ReadableStream) {
    if (init.locked || isDisturbed(init)) throw new TypeError("The ReadableStream body is locked or has already been read.");
    return { body: new InnerBody(null, init), type: null, length: null };
  }
  let bytes;
  let type = null;
  if (init instanceof Blob) {
    bytes = blobBytes(init);
    if (init.type !== "") type = init.type;
  } else if (init instanceof ArrayBuffer || ArrayBuffer.isView(init)) {
    bytes = bufferSourceView(init).slice();
  } else if (init instanceof URLSearchParams) {
    bytes = utf8Encode(init.toString());
    type = "application/x-www-form-urlencoded;charset=UTF-8";
  } else if (init instanceof FormData) {
    const multipart = serializeMultipart(init);
    bytes = multipart.bytes;
    type = `multipart/form-data; boundary=${multipart.boundary}`;
  } else {
    bytes = utf8Encode(toUSVString(init));
    type = "text/plain;charset=UTF-8";
  }
  return { body: new InnerBody(bytes), type, length: bytes.byteLength };
}

function mimeEssence(contentType) {
  if (contentType === null) return "";
  return contentType.split(";")[0].trim().toLowerCase();
}

function boundaryOf(contentType) {
  const match = /;\s*boundary=(?:"([^"]*)"|([^;]*))/i.exec(contentType ?? "");
  return match ? (match[1] ?? match[2]).trim() : null;
}

/**
 * Installs the Body mixin on `cls.prototype`. `getBody(obj)` returns the object's InnerBody or null;
 * `getHeaders(obj)` its Headers.
 */
export function mixinBody(cls, getBody, getHeaders) {
  // The body's bytes, in a holder (see InnerBody.consume); `(await read(this)).value` is the Uint8Array.
  const read = async (self) => {
    const body = getBody(self);
    if (body === null) return holder(new Uint8Array(0));
    return body.consume();
  };
  const contentType = (self) => {
    let value = null;
    for (const [k, v] of headerList(getHeaders(self))) if (k === "content-type") value = value === null ? v : `${value}, ${v}`;
    return value;
  };
  const methods = {
    get body() { const b = getBody(this); return b === null ? null : b.getStream(); },
    get bodyUsed() { const b = getBody(this); return b !== null && b.used; },
    async arrayBuffer() {
      const bytes = (await read(this)).value;
      return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
    },
    async bytes() { return (await read(this)).value; },
    async blob() {
      const bytes = (await read(this)).value;
      const type = contentType(this);
      return createBlob(bytes, type === null || /[^\x20-\x7e]/.test(type) ? "" : type.toLowerCase());
    },
    async text() { return utf8Decode((await read(this)).value); },
    async json() { return JSON.parse(utf8Decode((await read(this)).value)); },
    async formData() {
      const type = contentType(this);
      const essence = mimeEssence(type);
      if (essence === "multipart/form-data") {
        const boundary = boundaryOf(type);
        if (boundary === null) throw new TypeError("The multipart/form-data Content-Type has no boundary.");
        return parseMultipart((await read(this)).value, boundary);
      }
      if (essence === "application/x-www-form-urlencoded") {
        return parseUrlencodedToFormData(utf8Decode((await read(this)).value));
      }
      throw new TypeError(`Cannot parse a body of type "${type ?? ""}" as FormData.`);
    },
  };
  for (const key of Object.keys(methods)) {
    const desc = Object.getOwnPropertyDescriptor(methods, key);
    desc.enumerable = true;
    desc.configurable = true;
    if ("value" in desc) desc.writable = true;
    Object.defineProperty(cls.prototype, key, desc);
  }
}
