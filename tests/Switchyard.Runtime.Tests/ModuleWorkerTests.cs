using System.Text;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Tests;

public class ModuleWorkerTests : IDisposable
{
    private readonly RuntimeFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Hello_module_returns_json()
    {
        var worker = await _fixture.DeployAsync("hello", """
            export default {
              async fetch(request, env, ctx) {
                return Response.json({ hello: "world", method: request.method, url: request.url, ua: request.headers.get("user-agent") });
              }
            };
            """);

        var (response, body) = await _fixture.FetchAsync(worker, "https://hello.example.com/path?q=1", headers: ("User-Agent", "test"));

        Assert.Equal(200, response.Status);
        Assert.Contains(response.Headers, h => h.Key == "content-type" && h.Value.StartsWith("application/json"));
        var json = RuntimeFixture.Json(body);
        Assert.Equal("world", json.GetProperty("hello").GetString());
        Assert.Equal("https://hello.example.com/path?q=1", json.GetProperty("url").GetString());
        Assert.Equal("test", json.GetProperty("ua").GetString());
    }

    [Fact]
    public async Task Modules_import_each_other_and_every_module_kind()
    {
        var worker = await _fixture.DeployAsync("multi", [
            ("src/index.js", "application/javascript+module", Encoding.UTF8.GetBytes("""
                import { greet } from "./lib/greet.js";
                import text from "./data/note.txt";
                import data from "./data/bytes.bin";
                import config from "./data/config.json";
                import cjs from "./lib/legacy.cjs";
                export default {
                  fetch() {
                    return Response.json({ greeting: greet("ada"), text, bytes: [...new Uint8Array(data)], config, cjs: cjs.answer });
                  }
                };
                """)),
            ("src/lib/greet.js", "application/javascript+module", Encoding.UTF8.GetBytes("""export const greet = (n) => `hello ${n}`;""")),
            ("src/data/note.txt", "text/plain", Encoding.UTF8.GetBytes("plain \"text\" ✓")),
            ("src/data/bytes.bin", "application/octet-stream", [1, 2, 255]),
            ("src/data/config.json", "application/json", Encoding.UTF8.GetBytes("""{"a":[1,2]}""")),
            ("src/lib/legacy.cjs", "application/javascript", Encoding.UTF8.GetBytes("module.exports = { answer: 42 };")),
        ]);

        var (_, body) = await _fixture.FetchAsync(worker);

        Assert.Equal("""{"greeting":"hello ada","text":"plain \"text\" ✓","bytes":[1,2,255],"config":{"a":[1,2]},"cjs":42}""", body);
    }

    [Fact]
    public async Task CommonJs_modules_require_each_other_json_esm_and_node_builtins()
    {
        static (string, string, byte[]) Cjs(string name, string code) => (name, "application/javascript", Encoding.UTF8.GetBytes(code));
        var worker = await _fixture.DeployAsync("cjs", [
            ("index.js", "application/javascript+module", Encoding.UTF8.GetBytes("""
                import app from "./lib/app.js";
                export default { fetch: () => Response.json(app.describe()) };
                """)),
            Cjs("lib/app.js", """
                const { add } = require("./math");
                const config = require("../config.json");
                const { greet } = require("./greet.mjs");
                const EventEmitter = require("node:events");
                const { Buffer } = require("buffer");
                const a = require("./cycle/a.js");
                let missing;
                try { require("./nowhere"); } catch (e) { missing = `${e.code}: ${e.message}`; }
                let dynamic;
                try { const name = "./math/index.js"; require(name); } catch (e) { dynamic = e.message; }
                exports.describe = () => ({
                  sum: add(2, 3), config, greeting: greet("cjs"), emitter: typeof new EventEmitter().on,
                  hex: Buffer.from("hi").toString("hex"), cycle: a.seen, file: __filename, dir: __dirname, missing, dynamic,
                  self: this === module.exports,
                });
                """),
            Cjs("lib/math/index.js", "module.exports.add = (x, y) => x + y;"),
            ("config.json", "application/json", Encoding.UTF8.GetBytes("""{"mode":"test"}""")),
            ("lib/greet.mjs", "application/javascript+module", Encoding.UTF8.GetBytes("export const greet = (n) => `hello ${n}`;")),
            Cjs("lib/cycle/a.js", """
                exports.early = "a-early";
                const b = require("./b.js");
                exports.seen = b.seenFromA;
                """),
            Cjs("lib/cycle/b.js", """exports.seenFromA = require("./a.js").early;"""),
        ], compatibilityFlags: ["nodejs_compat"]);

        var (_, body) = await _fixture.FetchAsync(worker);

        Assert.Equal("""
            {"sum":5,"config":{"mode":"test"},"greeting":"hello cjs","emitter":"function","hex":"6869","cycle":"a-early","file":"/lib/app.js","dir":"/lib","missing":"MODULE_NOT_FOUND: No such module \"./nowhere\" (require() finds modules named by a string literal in the code).","dynamic":"No such module \"./math/index.js\" (require() finds modules named by a string literal in the code).","self":true}
            """, body);
    }

    [Fact]
    public async Task A_CommonJs_main_module_exports_the_handler_and_a_failed_module_runs_again_on_the_next_require()
    {
        var worker = await _fixture.DeployAsync("cjs-main", [
            ("main.js", "application/javascript", Encoding.UTF8.GetBytes("""
                module.exports = {
                  fetch() {
                    let first;
                    try { require("./flaky.js"); } catch (e) { first = e.message; }
                    return Response.json({ first, second: require("./flaky.js").ok, runs: globalThis.flakyRuns });
                  },
                };
                """)),
            ("flaky.js", "application/javascript", Encoding.UTF8.GetBytes("""
                globalThis.flakyRuns = (globalThis.flakyRuns ?? 0) + 1;
                if (globalThis.flakyRuns === 1) throw new Error("first run fails");
                exports.ok = true;
                """)),
        ]);

        var (_, body) = await _fixture.FetchAsync(worker);

        Assert.Equal("""{"first":"first run fails","second":true,"runs":2}""", body);
    }

    [Fact]
    public async Task CommonJs_require_of_a_node_builtin_without_nodejs_compat_throws_when_called()
    {
        var worker = await _fixture.DeployAsync("cjs-plain", [
            ("index.js", "application/javascript+module", Encoding.UTF8.GetBytes("""
                import lib from "./lib.js";
                export default { fetch: () => new Response(lib.load()) };
                """)),
            ("lib.js", "application/javascript", Encoding.UTF8.GetBytes("""
                exports.load = () => { try { return typeof require("node:events"); } catch (e) { return e.message; } };
                """)),
        ]);

        var (_, body) = await _fixture.FetchAsync(worker);

        Assert.Equal("No such module \"node:events\" (require() finds modules named by a string literal in the code).", body);
    }

    [Fact]
    public async Task Service_worker_syntax_with_bindings_as_globals()
    {
        var worker = await _fixture.DeployAsync("sw", [("worker.js", "application/javascript", Encoding.UTF8.GetBytes("""
            addEventListener("fetch", (event) => {
              event.respondWith(new Response(`sw ${GREETING} ${event.request.method}`, { status: 201 }));
            });
            """))], [new PlainTextBinding("GREETING", "hi")], serviceWorker: true);

        var (response, body) = await _fixture.FetchAsync(worker, method: "POST", body: new MemoryStream([1]));

        Assert.Equal(201, response.Status);
        Assert.Equal("sw hi POST", body);
    }

    [Fact]
    public async Task Env_holds_text_secret_and_json_bindings()
    {
        var worker = await _fixture.DeployAsync("env", """
            export default { fetch: (req, env) => Response.json({ a: env.A, s: env.S, j: env.J, keys: Object.keys(env).sort() }) };
            """, [new PlainTextBinding("A", "plain"), new SecretTextBinding("S", "secret"), new JsonBinding("J", RuntimeFixture.Json("""{"x":[true,null]}"""))]);

        var (_, body) = await _fixture.FetchAsync(worker);

        Assert.Equal("""{"a":"plain","s":"secret","j":{"x":[true,null]},"keys":["A","J","S"]}""", body);
    }

    [Fact]
    public async Task Cloudflare_workers_module_and_class_entrypoint()
    {
        var worker = await _fixture.DeployAsync("entry", """
            import { WorkerEntrypoint, env } from "cloudflare:workers";
            export default class extends WorkerEntrypoint {
              fetch(request) { return new Response(`${this.env.NAME}/${env.NAME}`); }
            }
            """, [new PlainTextBinding("NAME", "x")]);

        var (_, body) = await _fixture.FetchAsync(worker);

        Assert.Equal("x/x", body);
    }

    [Fact]
    public async Task Console_output_is_captured_with_the_script_name()
    {
        var worker = await _fixture.DeployAsync("logger", """
            export default { fetch() { console.log("hello", { a: 1 }); console.error("bad"); return new Response("ok"); } };
            """);

        await _fixture.FetchAsync(worker);

        Assert.Contains(_fixture.Logs, l => l is { ScriptName: "logger", Level: "log", Message: "hello { a: 1 }" });
        Assert.Contains(_fixture.Logs, l => l is { ScriptName: "logger", Level: "error", Message: "bad" });
    }

    [Fact]
    public async Task Runtime_internals_are_not_visible_to_worker_code()
    {
        var worker = await _fixture.DeployAsync("hidden", """
            export default { fetch() {
              const leaked = Object.getOwnPropertyNames(globalThis).filter((n) => n.startsWith("__"));
              return Response.json(leaked);
            } };
            """);

        var (_, body) = await _fixture.FetchAsync(worker);

        Assert.Equal("[]", body);
    }
}
