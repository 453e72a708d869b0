using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Console.Tests;

/// <summary>Signing in (by the fragment and by the form) and seeing the account's workers and namespaces.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleSignInTests(BrowserFixture browser, TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Signing_in_by_fragment_lists_deployed_workers_and_drops_the_token_from_the_url()
    {
        var script = ConsoleWorkers.UniqueName("listed");
        var ns = ConsoleWorkers.UniqueName("customers");
        var customer = ConsoleWorkers.UniqueName("alice");
        await ConsoleWorkers.DeployAccountScriptAsync(server, script);
        await ConsoleWorkers.CreateDispatchNamespaceAsync(server, ns);
        await ConsoleWorkers.DeployNamespaceScriptAsync(server, ns, customer);
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/{customer}/tags",
            new[] { "plan-free" })).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/{customer}/schedules",
            new[] { new { cron = "*/5 * * * *" } })).AssertOk();

        await using var console = await ConsolePage.OpenAsync(browser, server);
        await console.SignInAsync();

        // The token is gone from the address bar (it never reached the server: it was in the fragment).
        Assert.DoesNotContain("token", console.Page.Url);
        await console.Expect(console.Page.GetByRole(AriaRole.Button, new() { Name = script, Exact = true }))
            .ToBeVisibleAsync(new() { Timeout = ConsolePage.Timeout });

        // A namespace's scripts, with their tags.
        await console.Page.GetByRole(AriaRole.Button, new() { Name = ns, Exact = true }).ClickAsync();
        var row = console.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = customer });
        await console.Expect(row).ToContainTextAsync("plan-free", new() { Timeout = ConsolePage.Timeout });

        // The script's page: its bindings, versions and deployments from the same API.
        await row.GetByRole(AriaRole.Button, new() { Name = customer }).ClickAsync();
        await console.Expect(console.Page.GetByRole(AriaRole.Table, new() { Name = "Versions" }))
            .ToContainTextAsync("1", new() { Timeout = ConsolePage.Timeout });
        await console.Expect(console.Page.GetByRole(AriaRole.Table, new() { Name = "Deployments" }))
            .ToContainTextAsync("100%", new() { Timeout = ConsolePage.Timeout });
        await console.Expect(console.Page.GetByText("*/5 * * * *")).ToBeVisibleAsync(new() { Timeout = ConsolePage.Timeout });
        Assert.DoesNotContain(console.RequestedUrls, url => url.Contains(TestServer.Token));
        Assert.Contains(console.RequestedUrls, url => url.Contains("/client/v4/"));
        console.AssertNoPageErrors();
    }

    [Fact]
    public async Task Signing_in_with_the_form_keeps_the_token_out_of_the_url()
    {
        await using var console = await ConsolePage.OpenAsync(browser, server);
        await console.Page.GotoAsync(console.Origin + "/");
        await console.Page.GetByLabel("API token").FillAsync(TestServer.Token);
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await console.Expect(console.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }))
            .ToBeVisibleAsync(new() { Timeout = ConsolePage.Timeout });
        Assert.Equal(console.Origin + "/", console.Page.Url);
        Assert.DoesNotContain(console.RequestedUrls, url => url.Contains(TestServer.Token));
        console.AssertNoPageErrors();
    }

    [Fact]
    public async Task A_wrong_token_shows_an_error_and_stays_signed_out()
    {
        await using var console = await ConsolePage.OpenAsync(browser, server);
        await console.Page.GotoAsync($"{console.Origin}/#token=not-a-valid-token");

        var alert = console.Page.GetByRole(AriaRole.Alert);
        await console.Expect(alert).ToContainTextAsync("Sign-in failed", new() { Timeout = ConsolePage.Timeout });
        await console.Expect(console.Page.GetByLabel("API token")).ToBeVisibleAsync(new() { Timeout = ConsolePage.Timeout });
        Assert.DoesNotContain("token=", console.Page.Url);
        Assert.Null(await console.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('switchyard.console.token')"));
        Assert.DoesNotContain(console.RequestedUrls, url => url.Contains("not-a-valid-token"));
        // The browser logs the API's 401/403 answer as a failed resource load; nothing else may appear.
        console.AssertNoPageErrors(new Regex("Failed to load resource"));
    }
}
