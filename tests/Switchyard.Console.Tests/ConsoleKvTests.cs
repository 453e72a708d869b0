using Microsoft.Playwright;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Console.Tests;

/// <summary>The KV browser: namespaces, keys page by page (cursor), a value.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleKvTests(BrowserFixture browser, TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Keys_page_by_cursor_and_a_value_opens()
    {
        var title = ConsoleWorkers.UniqueName("sessions");
        var id = (string)(await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/storage/kv/namespaces", new { title })).AssertOk()!["id"]!;
        // 120 keys: more than the browser's page of 100, so the second page comes by cursor.
        var pairs = Enumerable.Range(0, 120).Select(i => new { key = $"user:{i:D3}", value = i == 7 ? "{\"name\":\"seven\"}" : $"v{i}" }).ToArray();
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{server.AccountPath}/storage/kv/namespaces/{id}/bulk", pairs)).AssertOk();

        await using var console = await ConsolePage.OpenAsync(browser, server);
        await console.SignInAsync();
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "KV", Exact = true }).ClickAsync();
        await console.Page.GetByRole(AriaRole.Button).Filter(new() { HasText = title }).ClickAsync();

        var keys = console.Page.GetByRole(AriaRole.Table, new() { Name = "Keys" });
        await console.Expect(keys.GetByRole(AriaRole.Button, new() { Name = "user:099" })).ToBeVisibleAsync(new() { Timeout = ConsolePage.Timeout });
        await console.Expect(keys.GetByRole(AriaRole.Button, new() { Name = "user:100" })).ToHaveCountAsync(0);
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Load more" }).ClickAsync();
        await console.Expect(keys.GetByRole(AriaRole.Button, new() { Name = "user:119" })).ToBeVisibleAsync(new() { Timeout = ConsolePage.Timeout });

        await keys.GetByRole(AriaRole.Button, new() { Name = "user:007" }).ClickAsync();
        await console.Expect(console.Page.Locator("pre.value").First).ToContainTextAsync("\"name\": \"seven\"", new() { Timeout = ConsolePage.Timeout });
        console.AssertNoPageErrors(new System.Text.RegularExpressions.Regex("Failed to load resource"));
    }
}
