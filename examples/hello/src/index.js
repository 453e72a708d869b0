export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/api/hello") {
      return Response.json({ greeting: env.GREETING, path: url.pathname, method: request.method });
    }
    return env.ASSETS.fetch(request);
  },
};
