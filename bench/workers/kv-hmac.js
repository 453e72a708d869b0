// Scenario "kv-hmac": read a secret from a KV binding and return the HMAC-SHA-256 of the request path, in hex.
// Switchyard binds a real KV namespace; workerd binds its kvNamespace binding to a disk service (see bench/README.md).
export default {
  async fetch(request, env) {
    const secret = await env.KV.get("hmac-key");
    if (secret === null) return new Response("KV value hmac-key is missing", { status: 500 });
    const encoder = new TextEncoder();
    const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(new URL(request.url).pathname)));
    return new Response(Array.from(mac, b => b.toString(16).padStart(2, "0")).join(""));
  },
};
