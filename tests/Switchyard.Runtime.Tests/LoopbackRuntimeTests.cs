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
}
