namespace Switchyard.Bench.Servers;

/// <summary>The Kestrel ceiling app (bench/ceiling): constant responses, the machine's upper bound for HTTP.</summary>
public static class CeilingProcess
{
    public static async Task<(ManagedProcess Process, int Port)> StartAsync(BenchOptions options)
    {
        var port = Loopback.FreePorts(1)[0];
        var process = ManagedProcess.Start("dotnet", [options.CeilingDll, "--urls", $"http://127.0.0.1:{port}"],
            Path.Combine(options.OutDir, "ceiling", "ceiling.log"), options.PidFile);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Loopback.WaitUntilAsync(async () => (await http.GetAsync($"http://127.0.0.1:{port}/")).IsSuccessStatusCode,
            process, "Kestrel ceiling", TimeSpan.FromSeconds(60));
        return (process, port);
    }
}
