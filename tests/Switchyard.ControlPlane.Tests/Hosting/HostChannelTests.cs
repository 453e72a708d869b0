using System.Net.Sockets;
using System.Text;
using Switchyard.WorkerHosts.Ipc;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Hosting;

/// <summary>
/// The worker host channel over a real Unix socket: calls both ways at once, many interleaved, bodies streamed with
/// backpressure (a sender stops at the window until its reader reads), cancellation from either side, and the
/// other process going away failing every open call.
/// </summary>
public sealed class HostChannelTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"sy-channel-{Guid.NewGuid():N}.sock");
    private Stream _serverStream = null!;
    private Stream _hostStream = null!;

    public async Task InitializeAsync()
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(_path));
        listener.Listen(1);
        var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        Task connecting = client.ConnectAsync(new UnixDomainSocketEndPoint(_path));
        Socket accepted = await listener.AcceptAsync();
        await connecting;
        _serverStream = new NetworkStream(accepted, ownsSocket: true);
        _hostStream = new NetworkStream(client, ownsSocket: true);
    }

    public Task DisposeAsync()
    {
        File.Delete(_path);
        return Task.CompletedTask;
    }

    /// <summary>Answers "upper": the body upper-cased, its head "got HEAD"; "hold": reads nothing until told.</summary>
    private static async Task Answer(ChannelCall call)
    {
        string body = await new StreamReader(call.Body).ReadToEndAsync(call.Aborted);
        call.SendReply(Encoding.UTF8.GetBytes($"got {Encoding.UTF8.GetString(call.Head.Span)}"));
        await call.SendAsync(Encoding.UTF8.GetBytes(body.ToUpperInvariant()));
        await call.EndAsync();
    }

    private static async Task<(string Head, string Body)> CallAsync(HostChannel channel, string head, string body)
    {
        ChannelCall call = channel.Call("upper", Encoding.UTF8.GetBytes(head));
        await call.SendAsync(Encoding.UTF8.GetBytes(body));
        await call.EndAsync();
        ReadOnlyMemory<byte> reply = await call.Reply.WaitAsync(TimeSpan.FromSeconds(30));
        string answer = await new StreamReader(call.Body).ReadToEndAsync();
        return (Encoding.UTF8.GetString(reply.Span), answer);
    }

    [Fact]
    public async Task A_sender_never_waits_on_a_peer_that_does_not_read()
    {
        // The other end is a bare socket that reads nothing yet: 8 MiB cannot fit in its buffers, and still every
        // send returns (a pool thread must never wait on a wedged worker host); the rest goes out once it reads.
        await using var server = new HostChannel(_serverStream, oddIds: false, _ => Task.CompletedTask);
        server.Start();
        var head = new byte[1 << 20];
        Task sending = Task.Run(() =>
        {
            for (int i = 0; i < 8; i++) server.Call("big", head, withoutBody: true);
        });
        Assert.Same(sending, await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(30))));

        long expected = 8L * (9 + 2 + "big".Length + head.Length);
        var buffer = new byte[64 * 1024];
        long received = 0;
        while (received < expected)
        {
            int read = await _hostStream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotEqual(0, read);
            if (received == 0) Assert.Equal(2 + 3 + head.Length, BitConverter.ToInt32(buffer, 0));  // the first frame's length
            received += read;
        }
        Assert.Equal(expected, received);
    }

    [Fact]
    public async Task Calls_go_both_ways_interleaved_with_bodies_larger_than_the_window()
    {
        await using var server = new HostChannel(_serverStream, oddIds: false, Answer);
        await using var host = new HostChannel(_hostStream, oddIds: true, Answer);
        server.Start();
        host.Start();

        string big = string.Concat(Enumerable.Repeat("abcdefghij", 100_000));  // 1 MB: four windows
        var calls = new List<Task<(string, string)>>();
        for (int i = 0; i < 50; i++)
        {
            calls.Add(CallAsync(server, $"s{i}", i == 7 ? big : $"to host {i}"));
            calls.Add(CallAsync(host, $"h{i}", $"to server {i}"));
        }
        var answers = await Task.WhenAll(calls);
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(($"got s{i}", i == 7 ? big.ToUpperInvariant() : $"TO HOST {i}"), answers[2 * i]);
            Assert.Equal(($"got h{i}", $"TO SERVER {i}"), answers[2 * i + 1]);
        }
    }

    [Fact]
    public async Task A_sender_waits_at_the_window_until_its_reader_reads()
    {
        var reading = new TaskCompletionSource();
        var received = new TaskCompletionSource<int>();
        await using var server = new HostChannel(_serverStream, oddIds: false, _ => Task.CompletedTask);
        await using var host = new HostChannel(_hostStream, oddIds: true, async call =>
        {
            await reading.Task;
            var sink = new MemoryStream();
            await call.Body.CopyToAsync(sink);
            received.SetResult((int)sink.Length);
        });
        server.Start();
        host.Start();

        ChannelCall call = server.Call("hold", ReadOnlyMemory<byte>.Empty);
        Task sending = call.SendAsync(new byte[4 * HostChannel.Window]).AsTask();
        await Task.Delay(300);
        Assert.False(sending.IsCompleted);  // stopped at the window: the host has read nothing yet

        reading.SetResult();
        await sending.WaitAsync(TimeSpan.FromSeconds(30));
        await call.EndAsync();
        Assert.Equal(4 * HostChannel.Window, await received.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Cancelling_fails_the_other_sides_waits_and_a_closed_peer_fails_every_open_call()
    {
        var started = new TaskCompletionSource<ChannelCall>();
        await using var server = new HostChannel(_serverStream, oddIds: false, _ => Task.CompletedTask);
        var host = new HostChannel(_hostStream, oddIds: true, call =>
        {
            started.SetResult(call);
            return Task.Delay(Timeout.Infinite, call.Aborted);
        });
        server.Start();
        host.Start();

        // The caller cancels: the callee's body read fails and its Aborted token fires.
        ChannelCall first = server.Call("wait", ReadOnlyMemory<byte>.Empty);
        ChannelCall callee = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Task<int> read = callee.Body.ReadAsync(new byte[16]).AsTask();
        first.Cancel("the client went away");
        var error = await Assert.ThrowsAsync<ChannelCallException>(() => read.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("the client went away", error.Message);
        Assert.True(callee.Aborted.WaitHandle.WaitOne(TimeSpan.FromSeconds(30)));

        // The host process goes away: the server's open call fails, and the channel completes.
        ChannelCall second = server.Call("wait", ReadOnlyMemory<byte>.Empty);
        await host.DisposeAsync();
        await Assert.ThrowsAsync<ChannelCallException>(() => second.Reply.WaitAsync(TimeSpan.FromSeconds(30)));
        await server.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Throws<ChannelCallException>(() => server.Call("late", ReadOnlyMemory<byte>.Empty));
    }
}
