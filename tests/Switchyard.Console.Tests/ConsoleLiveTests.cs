using Microsoft.Playwright;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Console.Tests;

/// <summary>The live parts of a script's page: metrics from /metrics and the tail over the tail API's WebSocket.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleLiveTests(BrowserFixture browser, TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task The_request_count_rises_as_the_edge_serves_the_worker()
    {
        var script = ConsoleWorkers.UniqueName("counted");
        await ConsoleWorkers.DeployAccountScriptAsync(server, script);
        await using var console = await ConsolePage.OpenAsync(browser, server);
        await console.SignInAsync();
        await console.OpenAccountScriptAsync(script);

        // The first scrape shows a number (not yet "–"): from here on the page counts.
        var total = console.Stat("requests-total");
        await console.Expect(total).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"), new() { Timeout = ConsolePage.Timeout });
        var before = int.Parse((await total.TextContentAsync())!);

        for (int i = 0; i < 3; i++) await ConsoleWorkers.RequestAsync(server, script, $"/count/{i}");
        await ConsoleWorkers.RequestAsync(server, script, "/throw");

        await console.Expect(total).ToHaveTextAsync((before + 4).ToString(), new() { Timeout = ConsolePage.Timeout });
        await console.Expect(console.Stat("errors-total")).ToHaveTextAsync("1", new() { Timeout = ConsolePage.Timeout });
        // The charts are drawn (uPlot renders into a canvas per chart).
        await console.Expect(console.Page.Locator(".uplot canvas")).ToHaveCountAsync(2, new() { Timeout = ConsolePage.Timeout });
        console.AssertNoPageErrors();
    }

    [Fact]
    public async Task The_tail_view_shows_a_requests_console_log_line()
    {
        var script = ConsoleWorkers.UniqueName("tailed");
        await ConsoleWorkers.DeployAccountScriptAsync(server, script);
        await using var console = await ConsolePage.OpenAsync(browser, server);
        await console.SignInAsync();
        await console.OpenAccountScriptAsync(script);

        await console.Page.GetByRole(AriaRole.Tab, new() { Name = "Live tail" }).ClickAsync();
        await console.Expect(console.Page.GetByTestId("tail-state")).ToHaveTextAsync("Connected", new() { Timeout = ConsolePage.Timeout });

        await ConsoleWorkers.RequestAsync(server, script, "/tail-probe");
        var events = console.Page.GetByRole(AriaRole.List, new() { Name = "Tail events" });
        var line = events.GetByText("hello from /tail-probe {\"n\":1}");
        await console.Expect(line).ToBeVisibleAsync(new() { Timeout = ConsolePage.Timeout });
        await console.Expect(events.Locator(".event-line").First).ToContainTextAsync("GET", new() { Timeout = ConsolePage.Timeout });
        await console.Expect(events.Locator(".event-line").First).ToContainTextAsync("/tail-probe", new() { Timeout = ConsolePage.Timeout });

        // An uncaught exception arrives with its message.
        await ConsoleWorkers.RequestAsync(server, script, "/throw");
        await console.Expect(events.Locator(".exception").First).ToContainTextAsync("boom at /throw", new() { Timeout = ConsolePage.Timeout });

        // A worker's output is shown as text, never parsed as markup.
        await ConsoleWorkers.RequestAsync(server, script, "/markup");
        await console.Expect(events.GetByText("<img src=x id=injected onerror=alert(1)>")).ToBeVisibleAsync(new() { Timeout = ConsolePage.Timeout });
        await console.Expect(console.Page.Locator("#injected")).ToHaveCountAsync(0);

        // Leaving the tab ends the tail session on the server.
        var deleted = await console.Page.RunAndWaitForResponseAsync(
            () => console.Page.GetByRole(AriaRole.Tab, new() { Name = "Overview" }).ClickAsync(),
            r => r.Request.Method == "DELETE" && r.Url.Contains($"/workers/scripts/{script}/tails/"),
            new() { Timeout = ConsolePage.Timeout });
        Assert.Equal(200, deleted.Status);
        var open = (await server.Api.GetApiAsync($"{server.AccountPath}/workers/scripts/{script}/tails")).AssertOk()!.AsArray();
        Assert.Empty(open);
        console.AssertNoPageErrors();
    }

    [Fact]
    public async Task A_dispatch_namespace_scripts_charts_and_tail_follow_its_requests()
    {
        var ns = ConsoleWorkers.UniqueName("tenants");
        var customer = ConsoleWorkers.UniqueName("shop");
        var dispatcher = ConsoleWorkers.UniqueName("dispatcher");
        await ConsoleWorkers.CreateDispatchNamespaceAsync(server, ns);
        await ConsoleWorkers.DeployNamespaceScriptAsync(server, ns, customer);
        await ConsoleWorkers.DeployDispatcherAsync(server, dispatcher, ns);
        await using var console = await ConsolePage.OpenAsync(browser, server);
        await console.SignInAsync();

        await console.Page.GetByRole(AriaRole.Button, new() { Name = ns, Exact = true }).ClickAsync();
        await console.Page.GetByRole(AriaRole.Button, new() { Name = customer, Exact = true }).ClickAsync();
        var total = console.Stat("requests-total");
        await console.Expect(total).ToHaveTextAsync("0", new() { Timeout = ConsolePage.Timeout });
        await ConsoleWorkers.RequestAsync(server, dispatcher, $"/{customer}/one");
        await ConsoleWorkers.RequestAsync(server, dispatcher, $"/{customer}/two");
        // Only the namespace script's own series: the dispatcher's requests are another script's.
        await console.Expect(total).ToHaveTextAsync("2", new() { Timeout = ConsolePage.Timeout });

        await console.Page.GetByRole(AriaRole.Tab, new() { Name = "Live tail" }).ClickAsync();
        await console.Expect(console.Page.GetByTestId("tail-state")).ToHaveTextAsync("Connected", new() { Timeout = ConsolePage.Timeout });
        await ConsoleWorkers.RequestAsync(server, dispatcher, $"/{customer}/tailed");
        await console.Expect(console.Page.GetByText($"hello from /{customer}/tailed {{\"n\":1}}"))
            .ToBeVisibleAsync(new() { Timeout = ConsolePage.Timeout });
        console.AssertNoPageErrors();
    }
}
