// Routes /<customer>/<rest> to the customer's worker with <rest> as its path, e.g.
// http://dispatcher.<subdomain>.workers.localhost/alice/ -> worker "alice" in the "customers" namespace, path "/".
const LIMITS = { cpuMs: 50, subRequests: 20 };

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const [, customer, ...rest] = url.pathname.split("/");
    if (!customer) return new Response("Ask for /<customer>/...\n", { status: 400 });

    url.pathname = "/" + rest.join("/");
    const userWorker = env.DISPATCHER.get(customer, {}, { limits: LIMITS, outbound: { customer } });
    try {
      return await userWorker.fetch(new Request(url, request));
    } catch (e) {
      // The mapping Cloudflare's own dispatcher example uses.
      if (e.message.startsWith("Worker not found")) return new Response(`No customer named ${customer}\n`, { status: 404 });
      if (e.message.includes("CPU time limit")) return new Response(`${customer} is over its CPU limit\n`, { status: 429 });
      return new Response(`${customer} failed: ${e.message}\n`, { status: 500 });
    }
  },
};
