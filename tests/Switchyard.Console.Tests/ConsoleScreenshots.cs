using Microsoft.Playwright;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Console.Tests;

/// <summary>
/// Takes the README's screenshots of the console (docs/images/console*.png): into the directory
/// SWITCHYARD_CONSOLE_SCREENSHOTS names, else into a temporary one, so that every run checks the pages they show
/// render with live figures and a connected tail. Regenerate the README's with:
/// <c>SWITCHYARD_CONSOLE_SCREENSHOTS=$PWD/docs/images dotnet test tests/Switchyard.Console.Tests -c Release --filter ConsoleScreenshots</c>
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleScreenshots(BrowserFixture browser, TestServer server) : IClassFixture<TestServer>
{
    private const string Worker = """
        export default {
          async fetch(request, env) {
            const url = new URL(request.url);
            console.log("GET", url.pathname, { user: url.searchParams.get("user") });
            if (url.pathname === "/fail") throw new Error("upstream refused the order");
            let n = 0;
            for (let i = 0; i < (Number(url.searchParams.get("work")) || 0); i++) n += Math.sqrt(i);
            await env.SESSIONS.put("last", url.pathname);
            return Response.json({ greeting: env.GREETING, n });
          },
        };
        """;

    [Fact]
    public async Task Take_the_readmes_screenshots()
    {
        var requested = Environment.GetEnvironmentVariable("SWITCHYARD_CONSOLE_SCREENSHOTS");
        bool temporary = string.IsNullOrEmpty(requested);
        string directory = temporary ? Directory.CreateTempSubdirectory("switchyard-screenshots-").FullName : requested!;
        try
        {
            await TakeAsync(directory);
            foreach (var name in new[] { "console.png", "console-tail.png" })
            {
                byte[] png = await File.ReadAllBytesAsync(Path.Combine(directory, name));
                Assert.True(png.Length > 10_000, $"{name} is {png.Length} bytes");
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            }
        }
        finally
        {
            if (temporary) Directory.Delete(directory, recursive: true);
        }
    }

    private async Task TakeAsync(string directory)
    {

        var kv = (string)(await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/storage/kv/namespaces",
            new { title = "sessions" })).AssertOk()!["id"]!;
        var metadata = () => new Dictionary<string, object?>
        {
            ["bindings"] = new object[]
            {
                new { type = "plain_text", name = "GREETING", text = "hello" },
                new { type = "kv_namespace", name = "SESSIONS", namespace_id = kv },
            },
        };
        const string script = "storefront";
        await ConsoleWorkers.DeployAccountScriptAsync(server, script, Worker);
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{script}",
            ScriptUploads.Module(metadata(), Worker))).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{script}/tags", new[] { "team-shop", "prod" })).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{script}/schedules",
            new[] { new { cron = "0 3 * * *" } })).AssertOk();
        await ConsoleWorkers.CreateDispatchNamespaceAsync(server, "customers");
        foreach (var customer in new[] { "alice", "bob", "carol" })
            await ConsoleWorkers.DeployNamespaceScriptAsync(server, "customers", customer);

        await using var console = await ConsolePage.OpenAsync(browser, server);
        await console.SignInAsync();
        await console.OpenAccountScriptAsync(script);

        // Traffic for about 20 seconds (ten scrapes): a varying rate, some CPU work, a few failures.
        for (int second = 0; second < 20; second++)
        {
            var burst = 5 + (second * 7 % 11);
            var requests = Enumerable.Range(0, burst).Select(i => ConsoleWorkers.RequestAsync(server, script,
                i == 0 && second % 4 == 3 ? "/fail" : $"/cart?user=u{i}&work={(i % 3) * 40000}"));
            await Task.WhenAll(requests);
            await Task.Delay(1000);
        }
        await console.Expect(console.Page.GetByTestId("cpu-p99")).Not.ToHaveTextAsync("–", new() { Timeout = ConsolePage.Timeout });
        await console.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, "console.png"), FullPage = true });

        await console.Page.GetByRole(AriaRole.Tab, new() { Name = "Live tail" }).ClickAsync();
        await console.Expect(console.Page.GetByTestId("tail-state")).ToHaveTextAsync("Connected", new() { Timeout = ConsolePage.Timeout });
        foreach (var path in new[] { "/cart?user=ada", "/checkout?user=ada", "/fail", "/cart?user=lin" })
            await ConsoleWorkers.RequestAsync(server, script, path);
        await console.Expect(console.Page.Locator(".event")).ToHaveCountAsync(4, new() { Timeout = ConsolePage.Timeout });
        await console.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, "console-tail.png") });
    }
}
