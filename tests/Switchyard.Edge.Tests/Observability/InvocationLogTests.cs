using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchyard.Edge.Tests.Dispatch;
using Switchyard.Observability.Logs;
using Switchyard.Observability.Tracing;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.Observability;

/// <summary>
/// The per-invocation log line of <c>serve --log-format json</c>: one per invocation, dispatched ones included, each
/// naming account, namespace, script, version and the ray id the client got in <c>cf-ray</c>, with outcome and status
/// as structured fields (the JSON console formatter writes them as they are given here).
/// </summary>
public sealed class InvocationLogTests : IAsyncLifetime
{
    private readonly Capture _capture = new();
    private readonly TestServer _server;

    public InvocationLogTests()
    {
        _server = new TestServer
        {
            ConfigureEdge = services => services.AddSingleton<ITraceSink>(
                new InvocationLogSink(LoggerFactory.Create(b => b.AddProvider(_capture).SetMinimumLevel(LogLevel.Information)))),
        };
    }

    public Task InitializeAsync() => _server.InitializeAsync();
    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Each_invocation_logs_one_line_with_who_ran_and_the_ray_id()
    {
        string ns = await DispatchSites.CreateNamespaceAsync(_server);
        string dispatcher = DispatchSites.Unique("disp");
        string user = DispatchSites.Unique("user");
        await DispatchSites.DeployAccountWorkerAsync(_server, dispatcher, DispatchSites.Dispatcher, DispatchSites.DispatchBinding("DISPATCHER", ns));
        await DispatchSites.DeployUserWorkerAsync(_server, ns, user, """
            export default { fetch(request) { if (new URL(request.url).pathname === '/throw') throw new Error('no'); return new Response('hi'); } };
            """);

        using HttpResponseMessage ok = await DispatchSites.GetAsync(_server, dispatcher, $"/a?script={user}");
        string ray = Assert.Single(ok.Headers.GetValues("cf-ray")).Split('-')[0];
        await WaitForAsync(() => _capture.Lines.Count(l => l.Field("RayId") == ray) == 2);
        var lines = _capture.Lines.Where(l => l.Field("RayId") == ray).ToList();
        var userLine = Assert.Single(lines, l => l.Field("Script") == user);
        Assert.Equal(ns, userLine.Field("Namespace"));
        Assert.Equal(TestServer.AccountId, userLine.Field("Account"));
        Assert.Equal("ok", userLine.Field("Outcome"));
        Assert.Equal("200", userLine.Field("Status"));
        Assert.False(string.IsNullOrEmpty(userLine.Field("Version")));
        var dispatcherLine = Assert.Single(lines, l => l.Field("Script") == dispatcher);
        Assert.Equal("-", dispatcherLine.Field("Namespace"));
        Assert.Equal("GET", dispatcherLine.Field("Method"));

        using HttpResponseMessage failed = await DispatchSites.GetAsync(_server, dispatcher, $"/throw?script={user}");
        string failedRay = Assert.Single(failed.Headers.GetValues("cf-ray")).Split('-')[0];
        await WaitForAsync(() => _capture.Lines.Any(l => l.Field("RayId") == failedRay && l.Field("Script") == user));
        var thrown = _capture.Lines.Single(l => l.Field("RayId") == failedRay && l.Field("Script") == user);
        Assert.Equal("exception", thrown.Field("Outcome"));
        Assert.Equal(LogLevel.Warning, thrown.Level);
        Assert.Equal("1", thrown.Field("ExceptionCount"));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !condition(); await Task.Delay(20))
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the invocation log line");
    }

    private sealed record Line(LogLevel Level, IReadOnlyList<KeyValuePair<string, object?>> State)
    {
        public string? Field(string name) => State.FirstOrDefault(p => p.Key == name).Value?.ToString();
    }

    private sealed class Capture : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<Line> _lines = new();
        public IReadOnlyList<Line> Lines => [.. _lines];
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> fields) _lines.Enqueue(new Line(logLevel, [.. fields]));
        }
        public void Dispose() { }
    }
}
