using System.Diagnostics;
using System.Net.Http.Headers;

namespace Switchyard.Bench.DispatchLoad;

/// <summary>
/// The real server, started from its built binary (<c>src/Switchyard/bin/&lt;configuration&gt;</c>) with <c>serve</c> on
/// loopback ports the OS picks, a temporary data dir and a fixed account and token. Killed and cleaned up on dispose.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const string AccountId = "0123456789abcdef0123456789abcdef";
    public const string Token = "bench-token-0123456789abcdefghijklmnop";

    private readonly Process _process;
    private readonly string _dataDir;

    public Uri ApiUrl { get; }
    public Uri EdgeUrl { get; }
    public int Pid => _process.Id;
    public string CommandLine { get; }

    private ServerProcess(Process process, string dataDir, Uri api, Uri edge, string commandLine)
    {
        _process = process;
        _dataDir = dataDir;
        ApiUrl = api;
        EdgeUrl = edge;
        CommandLine = commandLine;
    }

    public static async Task<ServerProcess> StartAsync(string configuration, IEnumerable<string> serveOptions)
    {
        var binary = Path.Combine(RepoRoot(), "src", "Switchyard", "bin", configuration, "net10.0", "Switchyard.dll");
        if (!File.Exists(binary)) throw new FileNotFoundException("build the server first (the bench's project reference does)", binary);
        var dataDir = Directory.CreateTempSubdirectory("switchyard-dispatch-load-").FullName;
        string[] args = [binary, "serve", "--data", dataDir, "--api-listen", "127.0.0.1:0", "--edge-listen", "127.0.0.1:0", .. serveOptions];
        var start = new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["SWITCHYARD_ACCOUNT_ID"] = AccountId;
        start.Environment["SWITCHYARD_API_TOKEN"] = Token;
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        process.BeginErrorReadLine();

        // The banner's first two lines name the bound addresses.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var api = await BannerUrlAsync(process, "Switchyard API", timeout.Token);
        var edge = await BannerUrlAsync(process, "Switchyard edge", timeout.Token);
        _ = process.StandardOutput.ReadToEndAsync();
        return new ServerProcess(process, dataDir, new Uri(api.TrimEnd('/') + "/"), new Uri(edge), "serve " + string.Join(' ', serveOptions));
    }

    private static async Task<string> BannerUrlAsync(Process process, string prefix, CancellationToken ct)
    {
        while (await process.StandardOutput.ReadLineAsync(ct) is { } line)
            if (line.StartsWith(prefix, StringComparison.Ordinal))
                return line[prefix.Length..].Trim().Split(' ')[0];
        throw new InvalidOperationException($"the server exited (code {process.ExitCode}) before printing \"{prefix}\"");
    }

    public HttpClient CreateApiClient()
    {
        var client = new HttpClient { BaseAddress = ApiUrl, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    /// <summary>Resident set size of the server process, from /proc.</summary>
    public long RssBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Switchyard.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no Switchyard.slnx above {AppContext.BaseDirectory}");
    }
}
