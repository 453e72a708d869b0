using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Console.Tests;

/// <summary>
/// A browser tab on a test server's console, with what the page reported on its console: CSP violations and
/// uncaught errors show up there, and a test ends by asserting there were none.
/// </summary>
public sealed class ConsolePage : IAsyncDisposable
{
    /// <summary>Bound for every expectation: generous for a loaded CI machine, but a broken page still fails.</summary>
    public const float Timeout = 20_000;

    private readonly IBrowserContext _context;
    private readonly List<string> _problems = [];

    private ConsolePage(IBrowserContext context, IPage page, TestServer server)
    {
        _context = context;
        Page = page;
        Server = server;
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (_problems) _problems.Add(message.Text);
        };
        page.PageError += (_, error) => { lock (_problems) _problems.Add(error); };
        context.Request += (_, request) => { lock (_requestedUrls) _requestedUrls.Add(request.Url); };
    }

    private readonly List<string> _requestedUrls = [];

    /// <summary>Every URL the page requested (documents, bundle, API, metrics, sockets), to check none carries the token.</summary>
    public IReadOnlyList<string> RequestedUrls { get { lock (_requestedUrls) return [.. _requestedUrls]; } }

    public IPage Page { get; }
    public TestServer Server { get; }
    public string Origin => Server.Server.ApiUrl.GetLeftPart(UriPartial.Authority);

    public static async Task<ConsolePage> OpenAsync(BrowserFixture browser, TestServer server)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1360, Height = 900 },
        });
        return new ConsolePage(context, await context.NewPageAsync(), server);
    }

    /// <summary>Scripted sign-in: the token in the fragment, which the page moves to sessionStorage.</summary>
    public async Task SignInAsync(string token = TestServer.Token)
    {
        await Page.GotoAsync($"{Origin}/#token={Uri.EscapeDataString(token)}");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync(new() { Timeout = Timeout });
    }

    public ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>The stat box of the live metrics with that test id (requests-total, …), its value element.</summary>
    public ILocator Stat(string id) => Page.GetByTestId(id).Locator(".stat-value");

    /// <summary>Opens an account script's page from the account's worker list.</summary>
    public async Task OpenAccountScriptAsync(string script)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Account workers" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = script, Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = script })).ToBeVisibleAsync(new() { Timeout = Timeout });
    }

    /// <summary>Asserts the page logged no error (a CSP violation is one) and threw nothing.</summary>
    public void AssertNoPageErrors(params Regex[] expected)
    {
        lock (_problems)
        {
            var unexpected = _problems.Where(p => !expected.Any(e => e.IsMatch(p))).ToList();
            Assert.True(unexpected.Count == 0, "the page reported errors:\n" + string.Join("\n", unexpected));
        }
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
