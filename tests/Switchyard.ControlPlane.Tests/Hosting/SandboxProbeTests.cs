using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Hosting;

/// <summary>
/// The worker host sandbox from outside (issue 23's probe): a process that entered it (<c>switchyard sandbox-probe</c>)
/// shows <c>Seccomp: 2</c> and <c>NoNewPrivs: 1</c> in <c>/proc/PID/status</c>, runs as nobody when started as root,
/// still makes threads, and is refused when it starts a program, opens a network socket, creates a file or reads a
/// file only the server's user may read.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SandboxProbeTests : IDisposable
{
    private readonly string _secret = Path.Combine(Path.GetTempPath(), $"switchyard-secret-{Guid.NewGuid():N}.db");

    public SandboxProbeTests()
    {
        File.WriteAllText(_secret, "tenants' secrets");
        File.SetUnixFileMode(_secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public void Dispose() => File.Delete(_secret);

    [Fact]
    public async Task A_sandboxed_process_is_refused_exec_sockets_writes_and_the_servers_files()
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "Switchyard.dll"), "sandbox-probe", "--read", _secret })
            start.ArgumentList.Add(arg);
        using var probe = Process.Start(start)!;
        _ = probe.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string line = await probe.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the probe printed nothing");
            var outcome = JsonSerializer.Deserialize<Dictionary<string, string>>(line)!;

            string status = await File.ReadAllTextAsync($"/proc/{probe.Id}/status");
            Assert.Matches(@"(?m)^Seccomp:\s+2$", status);
            Assert.Matches(@"(?m)^NoNewPrivs:\s+1$", status);

            Assert.StartsWith("refused", outcome["exec"]);
            Assert.StartsWith("refused", outcome["socket"]);
            Assert.StartsWith("refused", outcome["createFile"]);
            Assert.Equal("allowed", outcome["thread"]);
            if (Environment.IsPrivilegedProcess)
            {
                // Started as root: the probe became nobody, and the server's 0600 file is out of its reach.
                Assert.Matches(@"(?m)^Uid:\s+65534\s+65534\s+65534\s+65534$", status);
                Assert.StartsWith("refused", outcome["readSecret"]);
            }
        }
        finally
        {
            probe.StandardInput.Close();
            if (!probe.WaitForExit(TimeSpan.FromSeconds(30))) probe.Kill();
        }
        Assert.Equal(0, probe.ExitCode);
    }
}
