export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/api/whoami") return Response.json({ owner: env.OWNER, path: url.pathname });
    return new Response("Not found\n", { status: 404 });
  },
};
