using System.Diagnostics;
using System.Net.Http.Headers;
namespace Switchyard.Testing;

/// <summary>
/// The real server as a child process (<c>dotnet Switchyard.dll serve</c>) on loopback port 0, so a test can kill it
/// with SIGKILL and start it again on the same data directory (or, with <c>postgres</c>, the same database). The bound
/// API URL is read from the startup banner.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output;

    private ServerProcess(Process process, Uri api, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        _process = process;
        _output = output;
        Api = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestServer.Token);
    }

    /// <summary>Client for <c>/client/v4/</c>, authenticated as the bootstrap account (<see cref="TestServer.AccountId"/>).</summary>
    public HttpClient Api { get; }

    /// <summary>The lines the server has printed on stdout so far (its banner, then its log).</summary>
    public IReadOnlyCollection<string> Output => _output;

    public static async Task<ServerProcess> StartAsync(string dataDir, string? postgres = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Switchyard.dll"), "serve", "--data", dataDir,
                     "--api-listen", "127.0.0.1:0", "--edge-listen", "127.0.0.1:0" })
            start.ArgumentList.Add(arg);
        if (postgres is not null) start.Environment["SWITCHYARD_POSTGRES"] = postgres;
        start.Environment["SWITCHYARD_ACCOUNT_ID"] = TestServer.AccountId;
        start.Environment["SWITCHYARD_API_TOKEN"] = TestServer.Token;

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                output.Enqueue(line);
                // "Switchyard API   http://127.0.0.1:PORT/client/v4"
                if (!line.StartsWith("Switchyard API", StringComparison.Ordinal)) continue;
                var url = line["Switchyard API".Length..].Trim();
                _ = DrainAsync(process, output);
                return new ServerProcess(process, new Uri(url.TrimEnd('/') + "/"), output);
            }
            throw new InvalidOperationException($"the server exited with {(process.WaitForExit(1000) ? process.ExitCode : -1)} before printing its URL");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or an OOM kill.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    private static async Task DrainAsync(Process process, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        try { while (await process.StandardOutput.ReadLineAsync() is { } line) output.Enqueue(line); }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException) { }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        Api.Dispose();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
