using Switchyard.Edge.Tests.Dispatch;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.WorkersApis;

/// <summary>
/// HTMLRewriter through the edge and through a dispatcher that rewrites its user worker's page: element, attribute,
/// text, comment and document-end handlers with lol-html's semantics, an async handler, and a body of many chunks
/// streamed through the rewriter.
/// </summary>
public sealed class HtmlRewriterTests : IAsyncLifetime
{
    private readonly TestServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();
    public Task DisposeAsync() => _server.DisposeAsync();

    private const string Rewrite = """
        function rewrite(page) {
          return new HTMLRewriter()
            .on("title", { element(e) { e.setInnerContent("New & <improved>"); } })
            .on("a[href^='http://old.example']", { element(e) { e.setAttribute("href", e.getAttribute("href").replace("old.example", "new.example")); } })
            .on("p.x", { async element(e) { await new Promise((r) => setTimeout(r, 1)); e.prepend("<i>hi</i> ", { html: true }); } })
            .on("b", { text(t) { if (t.text) t.replace(t.text.toUpperCase()); } })
            .on("script", { element(e) { e.remove(); } })
            .onDocument({ comments(c) { c.remove(); }, end(end) { end.append("<footer>done</footer>", { html: true }); } })
            .transform(page);
        }
        """;

    private const string Page = """<!doctype html><html><head><title>Old</title><script>x()</script></head><body><a href="http://old.example/x">a</a><a href="http://other.example/">b</a><p class="x">Hello <b>world</b></p><!-- note --></body></html>""";
    private const string Expected = """<!doctype html><html><head><title>New &amp; &lt;improved&gt;</title></head><body><a href="http://new.example/x">a</a><a href="http://other.example/">b</a><p class="x"><i>hi</i> Hello <b>WORLD</b></p></body></html><footer>done</footer>""";

    [Fact]
    public async Task A_worker_rewrites_a_page_and_a_long_streamed_body()
    {
        string worker = DispatchSites.Unique("rewrite");
        await DispatchSites.DeployAccountWorkerAsync(_server, worker, Rewrite + $$"""
            export default {
              async fetch(request) {
                if (new URL(request.url).pathname === "/long") {
                  // 2,000 chunks, each with an element to rewrite, streamed through the rewriter
                  let i = 0;
                  const body = new ReadableStream({ pull(c) { if (i === 2000) c.close(); else c.enqueue(new TextEncoder().encode(`<li data-n="${i++}">item</li>`)); } });
                  const out = new HTMLRewriter().on("li", { element(e) { e.setAttribute("data-n", String(Number(e.getAttribute("data-n")) * 2)); } })
                    .transform(new Response(body, { headers: { "content-type": "text/html" } }));
                  const text = await out.text();
                  return new Response(`${text.length} ${text.includes('data-n="3998"')} ${text.includes('data-n="3999"')}`);
                }
                const out = rewrite(new Response({{System.Text.Json.JsonSerializer.Serialize(Page)}}, { headers: { "content-type": "text/html", "content-length": "999" } }));
                return new Response(await out.text() + "|" + out.headers.get("content-length") + "|" + out.headers.get("content-type"));
              }
            };
            """);
        using (var response = await DispatchSites.GetAsync(_server, worker, "/"))
            Assert.Equal(Expected + "|null|text/html", await response.Content.ReadAsStringAsync());
        using (var response = await DispatchSites.GetAsync(_server, worker, "/long"))
            Assert.Equal("53445 true false", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_dispatcher_rewrites_its_user_workers_page()
    {
        string ns = await DispatchSites.CreateNamespaceAsync(_server);
        string dispatcher = DispatchSites.Unique("disp"), user = DispatchSites.Unique("user");
        await DispatchSites.DeployAccountWorkerAsync(_server, dispatcher, Rewrite + """
            export default {
              async fetch(request, env) {
                const script = new URL(request.url).searchParams.get("script");
                return rewrite(await env.DISPATCHER.get(script).fetch(request));
              }
            };
            """, DispatchSites.DispatchBinding("DISPATCHER", ns));
        await DispatchSites.DeployUserWorkerAsync(_server, ns, user, $$"""
            export default { fetch() { return new Response({{System.Text.Json.JsonSerializer.Serialize(Page)}}, { headers: { "content-type": "text/html" } }); } };
            """);
        using var response = await DispatchSites.GetAsync(_server, dispatcher, $"/?script={user}");
        Assert.Equal(Expected, await response.Content.ReadAsStringAsync());
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }
}
