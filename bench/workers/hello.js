// Scenario "hello": parse the URL and answer JSON. The same module runs on Switchyard and on workerd.
export default {
  async fetch(request) {
    const url = new URL(request.url);
    return Response.json({ hello: "world", path: url.pathname });
  },
};
