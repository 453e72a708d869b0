using System.Diagnostics;
using System.Text;
using Switchyard.Testing;

namespace Switchyard.EndToEnd.Tests;

/// <summary>
/// Runs a bash script as a user of the README would, against a test server: the README's three <c>export</c> lines set,
/// wrangler kept quiet and local, <c>npx wrangler</c> being the wrangler the flows installed (<see cref="NpxPrelude"/>).
/// </summary>
public static class WranglerShell
{
    /// <summary>Put first in a script: makes <c>npx wrangler</c> the installed wrangler and stops at the first failure.</summary>
    public static string NpxPrelude => $$"""
        set -e
        npx() { if [ "$1" = wrangler ]; then shift; "{{WranglerFlows.NodePath}}" "{{WranglerFlows.WranglerPath}}" "$@"; else command npx "$@"; fi; }
        """;

    /// <summary>What the README's three <c>export</c> lines set, plus what keeps wrangler quiet and local.</summary>
    /// <param name="api">The API's origin when it is not <paramref name="server"/>'s own listener (a load balancer in front of it).</param>
    public static void SetEnvironment(ProcessStartInfo start, TestServer server, string directory, Uri? api = null)
    {
        start.Environment["CLOUDFLARE_API_BASE_URL"] = new Uri(api ?? server.Server.ApiUrl, "/client/v4").ToString();
        start.Environment["CLOUDFLARE_ACCOUNT_ID"] = TestServer.AccountId;
        start.Environment["CLOUDFLARE_API_TOKEN"] = TestServer.Token;
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(directory, ".xdg");
        start.Environment["WRANGLER_SEND_METRICS"] = "false";
        start.Environment["WRANGLER_SEND_ERROR_REPORTS"] = "false";
        start.Environment["NO_COLOR"] = "1";
    }

    public static async Task<(int Exit, string Output)> RunAsync(string script, string directory, TestServer server, Uri? api = null)
    {
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        SetEnvironment(start, server, directory, api);
        start.Environment["CI"] = "true";

        using var process = Process.Start(start)!;
        var text = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
        process.WaitForExit();
        text.Append(await stdout);
        var errors = await stderr;
        // curl output must compare exactly, so stderr only goes into a failing command's transcript.
        return (process.ExitCode, process.ExitCode == 0 && script.TrimStart().StartsWith("curl") ? text.ToString() : text.Append(errors).ToString());
    }

}
