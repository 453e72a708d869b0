// DOMException (Web IDL §2.8.1): an Error subclass whose legacy `code` derives from its name.
import { defineConstants, defineInterface, toDOMString } from "./webidl.js";

const LEGACY_CODES = {
  IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
  NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InUseAttributeError: 10,
  InvalidStateError: 11, SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14,
  InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20,
  URLMismatchError: 21, QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
};

const CONSTANTS = {
  INDEX_SIZE_ERR: 1, DOMSTRING_SIZE_ERR: 2, HIERARCHY_REQUEST_ERR: 3, WRONG_DOCUMENT_ERR: 4,
  INVALID_CHARACTER_ERR: 5, NO_DATA_ALLOWED_ERR: 6, NO_MODIFICATION_ALLOWED_ERR: 7, NOT_FOUND_ERR: 8,
  NOT_SUPPORTED_ERR: 9, INUSE_ATTRIBUTE_ERR: 10, INVALID_STATE_ERR: 11, SYNTAX_ERR: 12,
  INVALID_MODIFICATION_ERR: 13, NAMESPACE_ERR: 14, INVALID_ACCESS_ERR: 15, VALIDATION_ERR: 16,
  TYPE_MISMATCH_ERR: 17, SECURITY_ERR: 18, NETWORK_ERR: 19, ABORT_ERR: 20, URL_MISMATCH_ERR: 21,
  QUOTA_EXCEEDED_ERR: 22, TIMEOUT_ERR: 23, INVALID_NODE_TYPE_ERR: 24, DATA_CLONE_ERR: 25,
};

export class DOMException extends Error {
  #name;
  #message;

  constructor(message = "", name = "Error") {
    super();
    this.#message = message === undefined ? "" : toDOMString(message, "DOMException message");
    this.#name = name === undefined ? "Error" : toDOMString(name, "DOMException name");
    // Error's constructor defined an own `message`; DOMException exposes it through the prototype accessor instead.
    delete this.message;
    if (typeof Error.captureStackTrace === "function") Error.captureStackTrace(this, DOMException);
  }

  get name() {
    if (!(#name in this)) throw new TypeError("'get name' called on an object that is not a DOMException.");
    return this.#name;
  }

  get message() {
    if (!(#name in this)) throw new TypeError("'get message' called on an object that is not a DOMException.");
    return this.#message;
  }

  get code() {
    if (!(#name in this)) throw new TypeError("'get code' called on an object that is not a DOMException.");
    return LEGACY_CODES[this.#name] ?? 0;
  }

  static isDOMException(value) {
    return typeof value === "object" && value !== null && #name in value;
  }
}

const isDOMException = DOMException.isDOMException;
delete DOMException.isDOMException;
export { isDOMException };

defineInterface(DOMException);
defineConstants(DOMException, CONSTANTS);
