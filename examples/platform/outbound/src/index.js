// Customers may call only the hosts below; each call that goes out is tagged with the customer it came from.
const ALLOWED_HOSTS = new Set(["example.com", "127.0.0.1", "localhost"]);

export default {
  async fetch(request, env) {
    const { hostname } = new URL(request.url);
    if (!ALLOWED_HOSTS.has(hostname)) {
      return new Response(`${env.customer} may not call ${hostname}\n`, { status: 403 });
    }
    const forwarded = new Request(request);
    forwarded.headers.set("x-platform-customer", env.customer);
    return fetch(forwarded);
  },
};
