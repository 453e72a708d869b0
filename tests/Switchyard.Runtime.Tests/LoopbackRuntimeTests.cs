using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Tests;

/// <summary>Tests that run workers in a fresh runtime and let them fetch from a loopback HTTP server.</summary>
public abstract class LoopbackRuntimeTests(RuntimeOptions? options = null) : IAsyncLifetime
{
    protected RuntimeFixture Fixture { get; } = new(options ?? new RuntimeOptions());
    protected LoopbackServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Fixture.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="code"/> for <paramref name="url"/>, lets its client go once the response has started, and
    /// returns the worker's console lines once one satisfies <paramref name="awaited"/> (or 20 s have passed).
    /// </summary>
    protected async Task<string[]> RunThenDisconnectAsync(string script, string code, string url, Func<string, bool> awaited,
        params string[] compatibilityFlags)
    {
        var worker = await Fixture.DeployAsync(script, [("index.js", "application/javascript+module", System.Text.Encoding.UTF8.GetBytes(code))],
            compatibilityFlags: compatibilityFlags);
        using var client = new CancellationTokenSource();
        WorkerResponse response = await Fixture.Runtime.FetchAsync(worker.Worker, worker.Version, new WorkerRequest("GET", url, [], null), client.Token);
        Assert.Equal(200, response.Status);
        client.Cancel();
        if (response.Body is { } body) await body.DisposeAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!Fixture.Logs.Any(l => awaited(l.Message)) && DateTime.UtcNow < deadline) await Task.Delay(50);
        return [.. Fixture.Logs.Select(l => l.Message)];
    }
}
