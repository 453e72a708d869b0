using System.Text.RegularExpressions;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.EndToEnd.Tests;

/// <summary><c>switchyard --version</c> names the V8 the binary runs workers on, as the V8 library reports it.</summary>
public sealed class CliVersionTests
{
    [Fact]
    public async Task Version_names_Switchyard_and_the_V8_it_runs()
    {
        var run = await SwitchyardCli.RunAsync(["--version"]);

        Assert.True(run.ExitCode == 0, run.Errors);
        string[] lines = run.Lines;
        Assert.StartsWith("Switchyard ", lines[0]);
        Assert.Matches(new Regex(@"^V8 1[4-9]\.\d+\.\d+\.\d+"), lines[1]);
        Assert.Equal("V8 " + Switchyard.Engine.JsEngine.V8Version, lines[1]);
    }
}
