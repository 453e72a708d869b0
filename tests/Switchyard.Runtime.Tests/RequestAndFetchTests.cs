using System.Text;
using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Tests;

public class RequestAndFetchTests() : LoopbackRuntimeTests(new RuntimeOptions { SubrequestLimit = 3 })
{
    [Fact]
    public async Task Request_body_streams_in_and_a_large_response_streams_out()
    {
        var worker = await Fixture.DeployAsync("stream", """
            export default {
              async fetch(request) {
                let total = 0;
                for await (const chunk of request.body) total += chunk.byteLength;
                let left = 8;
                const mb = new Uint8Array(1 << 20).fill(121);
                const body = new ReadableStream({
                  pull(controller) { if (left-- > 0) controller.enqueue(mb.slice()); else controller.close(); }
                });
                return new Response(body, { headers: { "x-received": String(total) } });
              }
            };
            """);
        var upload = new byte[3 * 1024 * 1024 + 7];

        WorkerResponse response = await Fixture.Runtime.FetchAsync(worker.Worker, worker.Version,
            new WorkerRequest("POST", "https://x.example/", [], new MemoryStream(upload)), CancellationToken.None);

        Assert.Contains(response.Headers, h => h.Key == "x-received" && h.Value == upload.Length.ToString());
        long received = 0;
        var buffer = new byte[100_000];
        int read;
        while ((read = await response.Body!.ReadAsync(buffer)) > 0)
        {
            Assert.All(buffer.AsSpan(0, read).ToArray(), b => Assert.Equal((byte)'y', b));
            received += read;
        }
        Assert.Equal(8L << 20, received);
        response.Body.Dispose();
    }

    [Fact]
    public async Task Fetch_follows_redirects_passes_headers_and_streams_bodies()
    {
        var worker = await Fixture.DeployAsync("fetcher", $$"""
            export default {
              async fetch() {
                const redirected = await fetch("{{Server.Origin}}/redirect/302", { method: "POST", body: "x", headers: { "x-test": "1" } });
                const echo = await redirected.json();
                const chunks = [];
                for await (const c of (await fetch("{{Server.Origin}}/chunks")).body) chunks.push(new TextDecoder().decode(c));
                const manual = await fetch("{{Server.Origin}}/redirect/301", { redirect: "manual" });
                return Response.json({ redirected: redirected.redirected, url: redirected.url, method: echo.method, header: echo.headers["x-test"],
                  cookies: redirected.headers.getSetCookie(), chunks: chunks.join(""), manual: manual.status });
              }
            };
            """);

        var (_, body) = await Fixture.FetchAsync(worker);

        var json = RuntimeFixture.Json(body);
        Assert.True(json.GetProperty("redirected").GetBoolean());
        Assert.Equal(Server.Origin + "/echo", json.GetProperty("url").GetString());
        Assert.Equal("GET", json.GetProperty("method").GetString());
        Assert.Equal("1", json.GetProperty("header").GetString());
        Assert.Equal("""["a=1","b=2"]""", json.GetProperty("cookies").GetRawText());
        Assert.Equal("abc", json.GetProperty("chunks").GetString());
        Assert.Equal(301, json.GetProperty("manual").GetInt32());
    }

    [Fact]
    public async Task An_incoming_requests_headers_and_cf_read_copy_and_stay_immutable_as_built()
    {
        var worker = await Fixture.DeployAsync("incoming", """
            export default {
              async fetch(request) {
                const copy = new Request(request);
                let refused = null;
                try { request.headers.set("x-new", "1"); } catch (e) { refused = e.message; }
                return Response.json({ pairs: [...request.headers], euro: request.headers.get("x-euro"), copied: [...copy.headers],
                  cf: request.cf, sameCf: request.cf === request.cf, copiedCf: copy.cf, refused });
              }
            };
            """);

        WorkerResponse response = await Fixture.Runtime.FetchAsync(worker.Worker, worker.Version,
            new WorkerRequest("GET", "https://x.example/", [new("X-B", "2"), new("x-a", "1"), new("X-Euro", "€"), new("x-a", "")], null,
                """{"colo":"LOCAL","nested":{"n":1}}"""), CancellationToken.None);
        var json = RuntimeFixture.Json(await new StreamReader(response.Body!).ReadToEndAsync());

        const string Pairs = """[["x-a","1, "],["x-b","2"],["x-euro","€"]]""";
        Assert.Equal(Pairs, json.GetProperty("pairs").GetRawText());
        Assert.Equal(Pairs, json.GetProperty("copied").GetRawText());
        Assert.Equal("€", json.GetProperty("euro").GetString());
        Assert.Equal("""{"colo":"LOCAL","nested":{"n":1}}""", json.GetProperty("cf").GetRawText());
        Assert.True(json.GetProperty("sameCf").GetBoolean());
        Assert.Equal(json.GetProperty("cf").GetRawText(), json.GetProperty("copiedCf").GetRawText());
        Assert.Equal("Can't modify immutable headers.", json.GetProperty("refused").GetString());
    }

    [Fact]
    public async Task Too_many_subrequests_fail_the_invocation()
    {
        var worker = await Fixture.DeployAsync("greedy", $$"""
            export default {
              async fetch() {
                const errors = [];
                for (let i = 0; i < 4; i++) {
                  try { await (await fetch("{{Server.Origin}}/text?body=x")).text(); } catch (e) { errors.push(e.message); }
                }
                return Response.json(errors);
              }
            };
            """);

        var error = await Assert.ThrowsAsync<WorkerException>(() => Fixture.FetchAsync(worker));

        Assert.Equal(WorkerFailure.SubrequestLimit, error.Failure);
        Assert.Equal("Too many subrequests.", error.Message);
    }
}
