using System.Diagnostics;

namespace Switchyard.Console.Tests;

/// <summary>
/// Debian's Chromium, which the browser tests drive: Playwright's own browser download needs a host these machines
/// cannot reach. A fresh machine does not have it, so the first test run installs it with apt (once per process, and
/// under a file lock so parallel test processes do not run apt at the same time).
/// </summary>
public static class SystemChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";
    private const string LockPath = "/tmp/switchyard-chromium-install.lock";

    private static readonly Lazy<Task> Installed = new(InstallAsync);

    public static Task EnsureInstalledAsync() => Installed.Value;

    private static async Task InstallAsync()
    {
        if (File.Exists(ExecutablePath)) return;
        // flock serialises with any other test process; apt waits for another apt's lock rather than failing; the install
        // is retried after `apt-get update` because a fresh machine's package lists may be missing or stale. Recommended
        // packages are kept: they bring the fonts pages are laid out with.
        const string install = "apt-get -o DPkg::Lock::Timeout=600 install -y chromium";
        var script = $"test -x {ExecutablePath} || {install} || (apt-get -o DPkg::Lock::Timeout=600 update && {install})";
        var start = new ProcessStartInfo("flock", [LockPath, "sh", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        string output;
        int exitCode;
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            output = await stdout + await stderr;
            exitCode = process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing and could not be installed ({e.Message}). " +
                                                "Install Debian's chromium package (apt-get install chromium) and run the tests again.", e);
        }
        if (exitCode != 0 || !File.Exists(ExecutablePath))
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing and `apt-get install chromium` failed (exit code {exitCode}); the console's browser " +
                $"tests need it. Install it by hand (as root: apt-get update && apt-get install chromium). apt said:\n{Tail(output)}");
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];
}
