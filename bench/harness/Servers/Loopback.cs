using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Switchyard.Bench.Servers;

/// <summary>Loopback ports and readiness checks: every server of the bench listens on 127.0.0.1 only.</summary>
public static class Loopback
{
    /// <summary>Ports the kernel has just handed out as free (held together, so they are distinct).</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally { listeners.ForEach(l => l.Stop()); }
    }

    /// <summary>Polls <paramref name="ready"/> until it holds, the process dies, or the timeout passes.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> ready, ManagedProcess process, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited) throw new InvalidOperationException($"{what} exited during startup (see its log)");
            try { if (await ready()) return; } catch (HttpRequestException) { } catch (TaskCanceledException) { }
            await Task.Delay(20);
        }
        throw new TimeoutException($"{what} was not ready after {timeout.TotalSeconds:0} s");
    }

    /// <summary>An HttpClient that opens a new connection per request, so each request pays the same setup on every server.</summary>
    public static HttpClient FreshConnectionClient() =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, UseProxy = false })
        {
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestHeaders = { ConnectionClose = true },
        };
}
