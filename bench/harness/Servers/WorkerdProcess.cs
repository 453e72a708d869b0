namespace Switchyard.Bench.Servers;

/// <summary>workerd (from the npm package <c>@cloudflare/workerd-linux-64</c>) serving a <see cref="WorkerdConfig"/>.</summary>
public sealed class WorkerdProcess : IAsyncDisposable
{
    private WorkerdProcess(ManagedProcess process) => Process = process;

    public ManagedProcess Process { get; }

    /// <summary>Starts workerd and waits until every socket of the config answers HTTP.</summary>
    public static async Task<WorkerdProcess> StartAsync(BenchOptions options, string name, WorkerdConfig config)
    {
        var dir = Path.Combine(options.OutDir, name);
        var configPath = config.WriteTo(dir);
        var process = ManagedProcess.Start(options.Workerd, ["serve", configPath], Path.Combine(dir, "workerd.log"), options.PidFile,
            workingDirectory: dir);
        var server = new WorkerdProcess(process);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var port in config.Ports)
                await Loopback.WaitUntilAsync(async () => { using var r = await http.GetAsync($"http://127.0.0.1:{port}/"); return true; },
                    process, "workerd", TimeSpan.FromSeconds(120));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
