export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === "/spin") {
      for (;;) {} // burns CPU until the dispatcher's cpuMs limit stops it
    }
    // Goes through the outbound worker, which refuses hosts outside its allowlist.
    const upstream = await fetch("https://api.not-allowed.test/data");
    return new Response(`upstream said ${upstream.status}: ${await upstream.text()}`);
  },
};
