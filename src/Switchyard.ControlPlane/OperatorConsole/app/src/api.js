// The console's only backend is the Cloudflare-shaped API under /client/v4 that wrangler and the SDK use. The token
// goes in the Authorization header and nowhere else (never in a URL).
const BASE = "/client/v4";

/** A failed API call: the envelope's error messages (or the HTTP status when there is no envelope). */
export class ApiError extends Error {
  constructor(status, errors) {
    super(errors.length > 0 ? errors.map((e) => (e.code ? `${e.message} (${e.code})` : e.message)).join("; ") : `HTTP ${status}`);
    this.status = status;
    this.errors = errors;
  }
}

/** Path segments are user data (script names, KV keys): each is percent-encoded. */
export function path(strings, ...values) {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? encodeURIComponent(values[i]) : ""), "");
}

export class Api {
  constructor(token) {
    this.token = token;
  }

  async #send(method, route, body, keepalive = false) {
    const headers = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(BASE + route, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
      keepalive,
    });
    return response;
  }

  /** Calls an endpoint that answers a JSON envelope; resolves to `{ result, result_info }`. */
  async call(method, route, body, keepalive = false) {
    const response = await this.#send(method, route, body, keepalive);
    let envelope = null;
    try {
      envelope = await response.json();
    } catch {
      // not JSON: reported by status below
    }
    if (envelope === null || typeof envelope !== "object") throw new ApiError(response.status, []);
    if (!response.ok || envelope.success === false) throw new ApiError(response.status, envelope.errors ?? []);
    return { result: envelope.result, resultInfo: envelope.result_info ?? null };
  }

  async get(route) {
    return (await this.call("GET", route)).result;
  }

  post(route, body) {
    return this.call("POST", route, body);
  }

  /** `keepalive`: the request may outlive the page (a tail session ended as the tab closes). */
  delete(route, keepalive = false) {
    return this.call("DELETE", route, undefined, keepalive);
  }

  /** An endpoint that answers raw bytes on success (a KV value) and an envelope on failure. */
  async getBytes(route) {
    const response = await this.#send("GET", route);
    if (!response.ok) {
      let errors = [];
      try { errors = (await response.json()).errors ?? []; } catch { /* no envelope */ }
      throw new ApiError(response.status, errors);
    }
    return new Uint8Array(await response.arrayBuffer());
  }

  /** Follows `result_info.cursor` until the list ends (at most `maxPages` requests). */
  async getAll(route, maxPages = 20) {
    const items = [];
    let cursor = "";
    for (let page = 0; page < maxPages; page++) {
      const sep = route.includes("?") ? "&" : "?";
      const { result, resultInfo } = await this.call("GET", cursor ? `${route}${sep}cursor=${encodeURIComponent(cursor)}` : route);
      items.push(...(result ?? []));
      cursor = resultInfo?.cursor ?? "";
      if (!cursor) break;
    }
    return items;
  }
}

/** The API path of a script: account level, or in a dispatch namespace. */
export function scriptPath(accountId, namespace, script) {
  return namespace
    ? path`/accounts/${accountId}/workers/dispatch/namespaces/${namespace}/scripts/${script}`
    : path`/accounts/${accountId}/workers/scripts/${script}`;
}
