// A loopback HTTP server that fetch tests talk to (TEST-ONLY). Routes:
//   /echo            -> JSON { method, path, headers, body } of the request
//   /status/:code    -> empty response with that status
//   /redirect/:code  -> redirect with that status to /echo
//   /text?body=...   -> text/plain body
//   /chunks          -> three chunks with pauses, "a", "b", "c"
//   /slow            -> answers after 2 s
//   /gzip            -> "hello gzip" compressed, Content-Encoding: gzip
import * as http from "node:http";
import * as zlib from "node:zlib";

export async function startTestServer() {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks).toString("utf8");
    const parts = url.pathname.split("/").filter(Boolean);
    if (parts[0] === "echo") {
      res.setHeader("content-type", "application/json");
      res.setHeader("set-cookie", ["a=1", "b=2"]);
      res.end(JSON.stringify({ method: req.method, path: url.pathname + url.search, headers: req.headers, body }));
    } else if (parts[0] === "status") {
      res.statusCode = Number(parts[1]);
      res.statusMessage = "Custom Reason";
      res.end();
    } else if (parts[0] === "redirect") {
      res.statusCode = Number(parts[1]);
      res.setHeader("location", "/echo");
      res.end();
    } else if (parts[0] === "text") {
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.end(url.searchParams.get("body") ?? "");
    } else if (parts[0] === "chunks") {
      res.setHeader("content-type", "text/plain");
      for (const c of ["a", "b", "c"]) {
        res.write(c);
        await new Promise((r) => setTimeout(r, 20));
      }
      res.end();
    } else if (parts[0] === "slow") {
      const timer = setTimeout(() => res.end("late"), 2000);
      res.on("close", () => clearTimeout(timer));
    } else if (parts[0] === "gzip") {
      res.setHeader("content-encoding", "gzip");
      res.end(zlib.gzipSync("hello gzip"));
    } else {
      res.statusCode = 404;
      res.end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}
