using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Switchyard.Runtime.Tests.Outbound;

/// <summary>
/// Cloudflare's six simultaneous open connections per invocation, as counted since April 2026: at most six of an
/// invocation's outbound connections wait for their response headers at once, a seventh waits its turn, and a response
/// whose body is still being read holds no place (so the limit never deadlocks a worker).
/// </summary>
public sealed class ConnectionLimitTests : IAsyncLifetime
{
    private readonly RuntimeFixture _fixture = new();
    private HeldUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await HeldUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        _upstream.ReleaseAll();
        await _upstream.DisposeAsync();
        _fixture.Dispose();
    }

    [Fact]
    public async Task A_seventh_fetch_waits_until_a_response_has_its_headers()
    {
        var worker = await _fixture.DeployAsync("eight-fetches", $$"""
            export default { async fetch() {
              const responses = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(i => fetch(`{{_upstream.Origin}}/held/${i}`)));
              const bodies = await Promise.all(responses.map(r => r.text()));
              return new Response(bodies.join(","));
            } };
            """);
        Task<(Invocation.WorkerResponse, string)> running = Task.Run(() => _fixture.FetchAsync(worker));

        string[] first = await _upstream.ArrivalsAsync(6);
        await Task.Delay(300);
        Assert.Equal(6, _upstream.Arrived);  // the other two wait in the worker, not at the upstream

        // One response's headers: its place is free while its body is still held back, and one more request goes out.
        _upstream.ReleaseHeaders(first[0]);
        await _upstream.ArrivalsAsync(7);
        await Task.Delay(300);
        Assert.Equal(7, _upstream.Arrived);

        _upstream.ReleaseAll();
        var (response, body) = await running.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(200, response.Status);
        Assert.Equal("0,1,2,3,4,5,6,7", body);
        Assert.Equal(8, _upstream.Arrived);
    }

    [Fact]
    public async Task A_waiting_fetch_can_be_aborted_and_never_leaves()
    {
        var worker = await _fixture.DeployAsync("abort-queued", $$"""
            export default { async fetch() {
              const held = [0, 1, 2, 3, 4, 5].map(i => fetch(`{{_upstream.Origin}}/held/${i}`));
              const controller = new AbortController();
              const queued = fetch(`{{_upstream.Origin}}/held/queued`, { signal: controller.signal })
                .then(() => "reached", e => `${e.name}: ${e.message}`);
              controller.abort();  // in the same turn: the six have not been answered, the seventh waits for a place
              const outcome = await queued;
              const bodies = await Promise.all((await Promise.all(held)).map(r => r.text()));
              const after = await (await fetch(`{{_upstream.Origin}}/text`)).text();
              return new Response(`${outcome}|${bodies.join(",")}|${after}`);
            } };
            """);
        Task<(Invocation.WorkerResponse, string)> running = Task.Run(() => _fixture.FetchAsync(worker));
        await _upstream.ArrivalsAsync(6);
        _upstream.ReleaseAll();

        var (_, body) = await running.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("AbortError: This operation was aborted|0,1,2,3,4,5|text", body);  // the signal's reason
        Assert.DoesNotContain("queued", _upstream.Paths);
    }

    [Fact]
    public async Task Open_sockets_and_responses_being_read_hold_no_place()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = new List<Socket>();
        Task accepting = Task.Run(async () =>
        {
            for (int i = 0; i < 8; i++) accepted.Add(await listener.AcceptSocketAsync());
        });
        var worker = await _fixture.DeployAsync("many-open", $$"""
            import { connect } from "cloudflare:sockets";
            export default { async fetch() {
              const sockets = [];
              for (let i = 0; i < 8; i++) { const s = connect({ hostname: "127.0.0.1", port: {{port}} }); await s.opened; sockets.push(s); }
              const streaming = [];
              for (let i = 0; i < 8; i++) streaming.push(await fetch(`{{_upstream.Origin}}/streaming/${i}`));
              const text = await (await fetch(`{{_upstream.Origin}}/text`)).text();
              await fetch(`{{_upstream.Origin}}/release`);
              const bodies = await Promise.all(streaming.map(r => r.text()));
              for (const s of sockets) await s.close();
              return new Response(`${sockets.length} ${text} ${bodies.join(",")}`);
            } };
            """);

        var (_, body) = await _fixture.FetchAsync(worker).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("8 text 0,1,2,3,4,5,6,7", body);
        await accepting;
        foreach (Socket socket in accepted) socket.Dispose();
    }

    /// <summary>
    /// A Kestrel server on 127.0.0.1 whose <c>/held/{id}</c> answers only when the test lets it: headers on
    /// <see cref="ReleaseHeaders"/>, the body (its id) on <see cref="ReleaseAll"/> or a request to <c>/release</c>;
    /// <c>/streaming/{id}</c> sends its headers at once and its body when released; <c>/text</c> answers "text".
    /// </summary>
    private sealed class HeldUpstream : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _headers = new();
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentQueue<string> _arrivals = new();
        private readonly SemaphoreSlim _arrived = new(0);

        private HeldUpstream(WebApplication app) => _app = app;

        public string Origin { get; private set; } = "";

        /// <summary>Requests to <c>/held/</c> that reached the server so far.</summary>
        public int Arrived => _arrivals.Count;

        public IReadOnlyCollection<string> Paths => [.. _arrivals];

        public static async Task<HeldUpstream> StartAsync()
        {
            HeldUpstream? upstream = null;
            var (app, origin) = await LoopbackServer.StartAppAsync(app =>
            {
                upstream = new HeldUpstream(app);
                app.Map("/held/{id}", async (HttpContext ctx, string id) =>
                {
                    upstream._arrivals.Enqueue(id);
                    upstream._arrived.Release();
                    await Task.WhenAny(upstream.Headers(id).Task, upstream._all.Task).WaitAsync(ctx.RequestAborted);
                    await ctx.Response.StartAsync();
                    await ctx.Response.Body.FlushAsync();  // StartAsync alone leaves the headers in Kestrel's buffer
                    await upstream._all.Task.WaitAsync(ctx.RequestAborted);
                    await ctx.Response.WriteAsync(id);
                });
                app.Map("/streaming/{id}", async (HttpContext ctx, string id) =>
                {
                    await ctx.Response.StartAsync();
                    await ctx.Response.Body.FlushAsync();
                    await upstream._all.Task.WaitAsync(ctx.RequestAborted);
                    await ctx.Response.WriteAsync(id);
                });
                app.Map("/release", () =>
                {
                    upstream.ReleaseAll();
                    return "released";
                });
                app.Map("/text", () => "text");
            });
            upstream!.Origin = origin;
            return upstream;
        }

        private TaskCompletionSource Headers(string id) =>
            _headers.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        /// <summary>Waits until <paramref name="count"/> requests to <c>/held/</c> have arrived; returns their ids.</summary>
        public async Task<string[]> ArrivalsAsync(int count)
        {
            while (_arrivals.Count < count)
                Assert.True(await _arrived.WaitAsync(TimeSpan.FromSeconds(30)), $"{_arrivals.Count} of {count} requests arrived");
            return [.. _arrivals];
        }

        public void ReleaseHeaders(string id) => Headers(id).TrySetResult();

        /// <summary>Every held request answers, headers and body, and so do the ones that arrive later.</summary>
        public void ReleaseAll() => _all.TrySetResult();

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
