// Scenarios "cold start" and "deploy": many distinct workers, each with its own number baked into the source.
export default {
  async fetch(request) {
    const url = new URL(request.url);
    return Response.json({ worker: "__NUMBER__", path: url.pathname });
  },
};
