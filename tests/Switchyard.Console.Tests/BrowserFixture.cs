using Microsoft.Playwright;
using Xunit;

namespace Switchyard.Console.Tests;

/// <summary>
/// One headless Chromium for the console's browser tests (starting one costs seconds). Playwright's driver is the
/// Node.js build its NuGet package ships (copied beside the test binaries); only the browser comes from the system.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await SystemChromium.EnsureInstalledAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = SystemChromium.ExecutablePath,
            Headless = true,
            // The tests run as root, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }
}

/// <summary>The browser tests share one browser and run one at a time (the machines have few cores).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
