using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace Switchyard.EndToEnd.Tests;

/// <summary><c>switchyard --version</c> names the V8 the binary runs workers on, as the V8 library reports it.</summary>
public sealed class CliVersionTests
{
    [Fact]
    public async Task Version_names_Switchyard_and_the_V8_it_runs()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Switchyard.dll"), "--version"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        string errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, errors);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("Switchyard ", lines[0]);
        Assert.Matches(new Regex(@"^V8 1[4-9]\.\d+\.\d+\.\d+"), lines[1]);
        Assert.Equal("V8 " + Switchyard.Engine.JsEngine.V8Version, lines[1]);
    }
}
