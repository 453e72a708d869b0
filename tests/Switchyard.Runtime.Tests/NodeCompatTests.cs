using System.Text;
using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Tests;

/// <summary>The Node.js built-ins a worker gets with the nodejs_compat flag, and only with it.</summary>
public class NodeCompatTests : IDisposable
{
    private static readonly string[] NodeCompat = ["nodejs_compat"];
    private readonly RuntimeFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private Task<(Storage.Scripts.WorkerRef, Storage.Scripts.DeployedVersion)> DeployAsync(string name, string code, IReadOnlyList<string>? flags) =>
        _fixture.DeployAsync(name, [("index.js", "application/javascript+module", Encoding.UTF8.GetBytes(code))], compatibilityFlags: flags);

    [Fact]
    public async Task Events_emit_on_and_once()
    {
        var worker = await DeployAsync("events", """
            import { EventEmitter, once } from "node:events";
            import DefaultEmitter from "events";
            export default {
              async fetch() {
                const emitter = new EventEmitter();
                const got = [];
                emitter.on("x", (a, b) => got.push(`on:${a}${b}`));
                emitter.once("x", (a) => got.push(`once:${a}`));
                emitter.emit("x", 1, 2);
                emitter.emit("x", 3, 4);
                const later = once(emitter, "y");
                emitter.emit("y", "awaited");
                const [value] = await later;
                return Response.json({ got, value, same: DefaultEmitter === EventEmitter, count: emitter.listenerCount("x") });
              }
            };
            """, NodeCompat);

        var (_, body) = await _fixture.FetchAsync(worker);

        Assert.Equal("""{"got":["on:12","once:1","on:34"],"value":"awaited","same":true,"count":1}""", body);
    }

    [Fact]
    public async Task Streams_write_finish_and_pipeline()
    {
        var worker = await DeployAsync("stream", """
            import { Readable, Writable, Transform } from "node:stream";
            import { pipeline } from "node:stream/promises";
            import { ReadableStream } from "node:stream/web";
            export default {
              async fetch() {
                const written = [];
                const sink = new Writable({ write(chunk, enc, cb) { written.push(chunk.toString()); cb(); } });
                const finished = new Promise((resolve) => sink.on("finish", () => resolve("finish")));
                sink.write("a");
                sink.write("b");
                sink.end("c");
                const event = await finished;

                const piped = [];
                await pipeline(
                  Readable.from(["x", "y", "z"]),
                  new Transform({ transform(chunk, enc, cb) { cb(null, String(chunk).toUpperCase()); } }),
                  new Writable({ write(chunk, enc, cb) { piped.push(String(chunk)); cb(); } }));
                return Response.json({ written, event, piped, web: ReadableStream === globalThis.ReadableStream });
              }
            };
            """, NodeCompat);

        var (_, body) = await _fixture.FetchAsync(worker);

        Assert.Equal("""{"written":["a","b","c"],"event":"finish","piped":["X","Y","Z"],"web":true}""", body);
    }

    [Fact]
    public async Task Buffer_path_util_string_decoder_and_process()
    {
        var worker = await DeployAsync("misc", """
            import { Buffer } from "node:buffer";
            import path from "node:path";
            import { join as posixJoin } from "path/posix";
            import util, { format, promisify, inherits, types } from "node:util";
            import { StringDecoder } from "string_decoder";
            import process from "node:process";
            export default {
              async fetch() {
                const b64 = Buffer.from("hello world").toString("base64");
                const concat = Buffer.concat([Buffer.from([1, 2]), Buffer.from("ff", "hex")]);
                const sleep = promisify((ms, cb) => setTimeout(() => cb(null, `slept ${ms}`), ms));
                const failing = promisify((cb) => cb(new Error("nope")));
                const error = await failing().catch((e) => e.message);
                function Base() {}
                Base.prototype.hi = () => "hi";
                function Derived() {}
                inherits(Derived, Base);
                const decoder = new StringDecoder("utf8");
                const euro = Buffer.from("€");
                const decoded = decoder.write(euro.subarray(0, 1)) + decoder.write(euro.subarray(1)) + decoder.end();
                process.env.ANSWER = "42";
                const ticked = await new Promise((resolve) => process.nextTick(resolve, "ticked"));
                return Response.json({
                  b64, back: Buffer.from(b64, "base64").toString(), concat: [...concat], isBuffer: Buffer.isBuffer(concat),
                  join: path.join("/a/b", "../c", "d.txt"), resolve: path.resolve("/x", "y", "..", "z"), posix: posixJoin("a", "b"),
                  ext: path.extname("f.tar.gz"), format: format("%s=%d %j", "n", 7, { a: 1 }), slept: await sleep(1), error,
                  inherited: new Derived().hi(), isPromise: types.isPromise(Promise.resolve()), encoder: new util.TextEncoder().encode("é").length,
                  decoded, env: process.env.ANSWER, ticked, platform: process.platform,
                });
              }
            };
            """, NodeCompat);

        var (_, body) = await _fixture.FetchAsync(worker);

        var json = RuntimeFixture.Json(body);
        Assert.Equal("aGVsbG8gd29ybGQ=", json.GetProperty("b64").GetString());
        Assert.Equal("hello world", json.GetProperty("back").GetString());
        Assert.Equal("[1,2,255]", json.GetProperty("concat").GetRawText());
        Assert.True(json.GetProperty("isBuffer").GetBoolean());
        Assert.Equal("/a/c/d.txt", json.GetProperty("join").GetString());
        Assert.Equal("/x/z", json.GetProperty("resolve").GetString());
        Assert.Equal("a/b", json.GetProperty("posix").GetString());
        Assert.Equal(".gz", json.GetProperty("ext").GetString());
        Assert.Equal("n=7 {\"a\":1}", json.GetProperty("format").GetString());
        Assert.Equal("slept 1", json.GetProperty("slept").GetString());
        Assert.Equal("nope", json.GetProperty("error").GetString());
        Assert.Equal("hi", json.GetProperty("inherited").GetString());
        Assert.True(json.GetProperty("isPromise").GetBoolean());
        Assert.Equal(2, json.GetProperty("encoder").GetInt32());
        Assert.Equal("€", json.GetProperty("decoded").GetString());
        Assert.Equal("42", json.GetProperty("env").GetString());
        Assert.Equal("ticked", json.GetProperty("ticked").GetString());
        Assert.Equal("linux", json.GetProperty("platform").GetString());
    }

    [Fact]
    public async Task AsyncLocalStorage_holds_the_store_within_run()
    {
        var worker = await DeployAsync("als", """
            import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
            const storage = new AsyncLocalStorage();
            export default {
              fetch() {
                const seen = [storage.getStore() ?? "none"];
                let resource;
                const result = storage.run("outer", (suffix) => {
                  seen.push(storage.getStore());
                  storage.run("inner", () => seen.push(storage.getStore()));
                  seen.push(storage.getStore());
                  resource = new AsyncResource("test");
                  return "returned" + suffix;
                }, "!");
                seen.push(storage.getStore() ?? "none");
                seen.push(resource.runInAsyncScope(() => storage.getStore()));
                const bound = storage.run("bound", () => AsyncLocalStorage.bind(() => storage.getStore()));
                seen.push(bound());
                return Response.json({ seen, result });
              }
            };
            """, NodeCompat);

        var (_, body) = await _fixture.FetchAsync(worker);

        Assert.Equal("""{"seen":["none","outer","inner","outer","none","outer","bound"],"result":"returned!"}""", body);
    }

    [Fact]
    public async Task AsyncLocalStorage_follows_await_timers_microtasks_and_then_callbacks()
    {
        var worker = await DeployAsync("als-async", """
            import { AsyncLocalStorage } from "node:async_hooks";
            const storage = new AsyncLocalStorage();
            const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
            async function handle(id) {
              const seen = [storage.getStore()];
              await null;
              seen.push(storage.getStore());
              await tick();
              seen.push(storage.getStore());
              seen.push(await new Promise((resolve) => setTimeout(() => resolve(storage.getStore()), 2)));
              seen.push(await new Promise((resolve) => queueMicrotask(() => resolve(storage.getStore()))));
              seen.push(await Promise.resolve().then(() => storage.getStore()));
              seen.push(await storage.run(`${id}-inner`, async () => { await tick(); return storage.getStore(); }));
              seen.push(storage.getStore());
              return seen;
            }
            export default {
              async fetch() {
                // Two requests' worth of work interleaved: each keeps its own store.
                const [a, b] = await Promise.all([storage.run("a", () => handle("a")), storage.run("b", () => handle("b"))]);
                const frozen = Object.freeze(storage.run("f", () => Promise.resolve(1)));
                await frozen;
                return Response.json({ a, b, outside: storage.getStore() ?? "none", after: await tick().then(() => storage.getStore() ?? "none") });
              }
            };
            """, NodeCompat);

        var (_, body) = await _fixture.FetchAsync(worker);
        var (_, again) = await _fixture.FetchAsync(worker);

        const string expected = """{"a":["a","a","a","a","a","a","a-inner","a"],"b":["b","b","b","b","b","b","b-inner","b"],"outside":"none","after":"none"}""";
        Assert.Equal(expected, body);
        Assert.Equal(expected, again);
    }

    [Fact]
    public async Task The_modules_wrangler_unenv_bundles_import_work()
    {
        byte[] code = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "NodeCompat", "unenv-shaped-worker.js"));
        var worker = await _fixture.DeployAsync("unenv", [("index.js", "application/javascript+module", code)], compatibilityFlags: ["nodejs_compat_v2"]);

        var (_, body) = await _fixture.FetchAsync(worker);

        Assert.Equal("""{"seen":["one","two"],"ticked":"ticked","writable":true,"platform":"linux","replaced":true}""", body);
    }

    [Fact]
    public async Task Process_and_Buffer_are_globals_and_getBuiltinModule_returns_imported_modules()
    {
        var worker = await DeployAsync("globals", """
            import events from "node:events";
            import { Buffer as ImportedBuffer } from "buffer";
            const early = { process: typeof globalThis.process, buffer: typeof globalThis.Buffer };
            export default {
              fetch() {
                const p = globalThis.process;
                return Response.json({
                  early, sameBuffer: Buffer === ImportedBuffer, enumerable: Object.keys(globalThis).includes("process"),
                  process: p.getBuiltinModule("node:process") === p, events: p.getBuiltinModule("events") === events,
                  notImported: p.getBuiltinModule("node:util") === undefined, unknown: p.getBuiltinModule("fs") === undefined,
                });
              }
            };
            """, NodeCompat);
        var plain = await DeployAsync("no-globals", "export default { fetch: () => new Response(typeof process + typeof Buffer) };", null);

        var (_, body) = await _fixture.FetchAsync(worker);
        var (_, plainBody) = await _fixture.FetchAsync(plain);

        Assert.Equal("""{"early":{"process":"object","buffer":"function"},"sameBuffer":true,"enumerable":false,"process":true,"events":true,"notImported":true,"unknown":true}""", body);
        Assert.Equal("undefinedundefined", plainBody);
    }

    [Fact]
    public async Task Crypto_hashes_hmac_and_pbkdf2_match_node()
    {
        var worker = await DeployAsync("crypto-hash", """
            import crypto, { createHash, createHmac, pbkdf2, hash } from "node:crypto";
            import { Buffer } from "node:buffer";
            export default {
              async fetch() {
                const partial = createHash("sha1").update("hel");
                const copied = partial.copy().update("p").digest("hex");
                const async = await new Promise((resolve, reject) =>
                  pbkdf2("pw", "salt", 1000, 16, "sha256", (error, key) => error ? reject(error) : resolve(key.toString("hex"))));
                let finalized;
                const h = createHash("md5");
                h.digest();
                try { h.update("x"); } catch (e) { finalized = e.code; }
                return Response.json({
                  md5: createHash("md5").update("hello").digest("hex"),
                  sha1: partial.update("lo").digest("base64"),
                  copied,
                  sha256: crypto.createHash("SHA256").update(Buffer.from("hello")).digest("hex"),
                  sha384: createHash("sha384").update("hello").digest("base64url"),
                  sha512: Buffer.isBuffer(createHash("sha512").update(new Uint8Array([1, 2])).digest()) && createHash("sha512").digest().length,
                  hmac: createHmac("sha256", "key").update("data").digest("hex"),
                  hmac1: createHmac("sha1", Buffer.from("key")).update("data").digest("base64"),
                  pbkdf2: crypto.pbkdf2Sync("pw", "salt", 1000, 16, "sha256").toString("hex"),
                  async, oneShot: hash("sha1", "abc"), finalized,
                });
              }
            };
            """, NodeCompat);

        var (_, body) = await _fixture.FetchAsync(worker);

        var json = RuntimeFixture.Json(body);
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", json.GetProperty("md5").GetString());
        Assert.Equal("qvTGHdzF6KLavt4PO0gs2a6pQ00=", json.GetProperty("sha1").GetString());
        Assert.Equal("92005ecf3788faea8346a7919fba0232188561ab", json.GetProperty("copied").GetString());
        Assert.Equal("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", json.GetProperty("sha256").GetString());
        Assert.Equal("WeF0h3dEjGnea4ANejO7-5_xtGPkQ1TDVTvNucZm-pASWjx5-QOXvfX2oT3oKGhP", json.GetProperty("sha384").GetString());
        Assert.Equal(64, json.GetProperty("sha512").GetInt32());
        Assert.Equal("5031fe3d989c6d1537a013fa6e739da23463fdaec3b70137d828e36ace221bd0", json.GetProperty("hmac").GetString());
        Assert.Equal("EEFSxb/coHvGM+69RhmfAlXJ9J0=", json.GetProperty("hmac1").GetString());
        Assert.Equal("0a38253555ce37f5c72a6b703f996814", json.GetProperty("pbkdf2").GetString());
        Assert.Equal("0a38253555ce37f5c72a6b703f996814", json.GetProperty("async").GetString());
        Assert.Equal("a9993e364706816aba3e25717850c26c9cd0d89d", json.GetProperty("oneShot").GetString());
        Assert.Equal("ERR_CRYPTO_HASH_FINALIZED", json.GetProperty("finalized").GetString());
    }

    [Fact]
    public async Task Crypto_randomness_timingSafeEqual_webcrypto_and_unsupported_apis()
    {
        var worker = await DeployAsync("crypto-random", """
            import { randomBytes, randomUUID, randomInt, randomFillSync, getRandomValues, timingSafeEqual, webcrypto, subtle,
              createCipheriv, createHash, createHmac } from "node:crypto";
            const message = (fn) => { try { fn(); return "no error"; } catch (e) { return e.message; } };
            export default {
              async fetch() {
                const big = randomBytes(70000);
                const ints = Array.from({ length: 200 }, () => randomInt(3, 6));
                const viaCallback = await new Promise((resolve) => randomBytes(8, (e, b) => resolve(b.length)));
                const filled = randomFillSync(new Uint8Array(4096));
                const digest = new Uint8Array(await subtle.digest("SHA-256", new TextEncoder().encode("hello")));
                return Response.json({
                  big: big.length, distinct: new Set(big.subarray(0, 4096)).size > 200, filled: filled.some((b) => b !== 0),
                  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(randomUUID()),
                  ints: [Math.min(...ints), Math.max(...ints)], single: randomInt(1) === 0, viaCallback,
                  values: getRandomValues(new Uint32Array(2)).length, webcrypto: webcrypto === crypto,
                  digest: digest[0], equal: timingSafeEqual(Buffer.from("abc"), Buffer.from("abc")),
                  unequal: timingSafeEqual(new Uint8Array([1]), new Uint8Array([2])),
                  length: message(() => timingSafeEqual(new Uint8Array(1), new Uint8Array(2))),
                  cipher: message(() => createCipheriv("aes-256-gcm", Buffer.alloc(32), Buffer.alloc(12))),
                  unknown: message(() => createHash("whirlpool")),
                  hmacMd5: message(() => createHmac("md5", "k")),
                });
              }
            };
            """, NodeCompat);

        var (_, body) = await _fixture.FetchAsync(worker);

        Assert.Equal("""
            {"big":70000,"distinct":true,"filled":true,"uuid":true,"ints":[3,5],"single":true,"viaCallback":8,"values":2,"webcrypto":true,"digest":44,"equal":true,"unequal":false,"length":"Input buffers must have the same byte length","cipher":"crypto.createCipheriv is not implemented in Switchyard.","unknown":"Digest method not supported","hmacMd5":"crypto.createHmac('md5') is not implemented in Switchyard."}
            """, body);
    }

    [Fact]
    public async Task Without_nodejs_compat_node_modules_are_not_found()
    {
        var worker = await DeployAsync("plain", """
            import { EventEmitter } from "node:events";
            export default { fetch: () => new Response(String(EventEmitter)) };
            """, null);

        var error = await Assert.ThrowsAsync<WorkerException>(() => _fixture.FetchAsync(worker));

        Assert.Contains("No such module \"node:events\".\n  imported from \"index.js\"", error.JsStack ?? error.Message);
    }

    [Fact]
    public async Task Shared_chunks_are_not_importable_by_workers()
    {
        using Stream manifest = typeof(WorkerRuntime).Assembly.GetManifestResourceStream("Switchyard.Runtime.node-builtins.json")!;
        string chunk = System.Text.Json.JsonDocument.Parse(manifest).RootElement.GetProperty("modules").EnumerateObject()
            .Select(m => m.Name).First(name => name.StartsWith("node:internal/", StringComparison.Ordinal));
        var worker = await DeployAsync("chunks", $$"""
            import "node:buffer";
            import "{{chunk}}";
            export default { fetch: () => new Response("reached") };
            """, NodeCompat);

        var error = await Assert.ThrowsAsync<WorkerException>(() => _fixture.FetchAsync(worker));

        Assert.Contains($"No such module \"{chunk}\".\n  imported from \"index.js\"", error.JsStack ?? error.Message);
    }
}
