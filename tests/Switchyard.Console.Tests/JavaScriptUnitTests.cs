using System.Diagnostics;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Console.Tests;

/// <summary>
/// The console's Prometheus-text parser, its rate and quantile arithmetic (app/src/prometheus.js) and the per-script
/// series built from consecutive scrapes (app/src/live-metrics.js) are plain JavaScript with unit tests under node's
/// test runner (app/test/); this runs them in the suite.
/// </summary>
public sealed class JavaScriptUnitTests
{
    [Fact]
    public async Task The_consoles_javascript_unit_tests_pass()
    {
        var app = Path.Combine(RepoPaths.Root, "src", "Switchyard.ControlPlane", "OperatorConsole", "app");
        var start = new ProcessStartInfo("node", ["--test", "test/"])
        {
            WorkingDirectory = app,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        var output = await stdout + await stderr;
        Assert.True(node.ExitCode == 0, $"node --test failed (exit code {node.ExitCode}):\n{output}");
        Assert.Contains("# fail 0", output);
        // node reports "# pass N": a run that found no test file would pass with nothing checked.
        var passed = System.Text.RegularExpressions.Regex.Match(output, @"(?m)^# pass (\d+)$");
        Assert.True(passed.Success && int.Parse(passed.Groups[1].Value) > 0, $"no JavaScript test ran:\n{output}");
    }
}
