using System.Diagnostics;

namespace Switchyard.Testing;

/// <summary>
/// The built executable run once to its end (<c>dotnet Switchyard.dll ARGS</c>, from the test binaries' folder), for
/// commands that print and exit (<c>--version</c>, <c>account</c>, <c>token</c>); <see cref="ServerProcess"/> is the one
/// for <c>serve</c>.
/// </summary>
public static class SwitchyardCli
{
    public sealed record Run(int ExitCode, string Output, string Errors)
    {
        /// <summary>The output's non-empty lines, trimmed.</summary>
        public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <param name="unset">Environment variables the command must not see (e.g. one that would choose its storage).</param>
    public static async Task<Run> RunAsync(IEnumerable<string> args, params string[] unset)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Switchyard.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        foreach (string name in unset) start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return new Run(process.ExitCode, await output, await errors);
    }
}
