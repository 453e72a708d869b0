using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Hosting;

/// <summary>
/// What <c>serve</c> prints on its first start in an empty data directory when the operator fixed the account and its
/// token (SWITCHYARD_ACCOUNT_ID, SWITCHYARD_API_TOKEN): the account for wrangler's environment, never the token, which a
/// service's stdout would carry into its log.
/// </summary>
public sealed class BootstrapBannerTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "switchyard-banner-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_token_the_operator_fixed_is_never_printed()
    {
        string accountLine = $"export CLOUDFLARE_ACCOUNT_ID={TestServer.AccountId}";
        await using (var first = await ServerProcess.StartAsync(_dataDir))
        {
            // The banner is written in one go after the API line; bounded wait for the rest of it to be read.
            for (int i = 0; i < 200 && !first.Output.Contains(accountLine); i++) await Task.Delay(50);
            Assert.Contains(first.Output, l => l.StartsWith("Created an account whose API token is the one SWITCHYARD_API_TOKEN sets"));
            Assert.Contains(accountLine, first.Output);
            Assert.DoesNotContain(first.Output, l => l.Contains(TestServer.Token));
            (await first.Api.GetApiAsync("user/tokens/verify")).AssertOk();
        }

        // A restart finds the account: nothing is created, nothing about it is printed (read up to the banner's end).
        await using var second = await ServerProcess.StartAsync(_dataDir);
        for (int i = 0; i < 200 && !second.Output.Any(l => l.StartsWith("Switchyard edge")); i++) await Task.Delay(50);
        Assert.Contains(second.Output, l => l.StartsWith("Switchyard edge"));
        (await second.Api.GetApiAsync("user/tokens/verify")).AssertOk();
        Assert.DoesNotContain(second.Output, l => l.StartsWith("Created") || l.StartsWith("export"));
    }
}
