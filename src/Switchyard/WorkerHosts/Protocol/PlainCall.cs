using Switchyard.WorkerHosts.Ipc;

namespace Switchyard.WorkerHosts.Protocol;

/// <summary>
/// A call that is not an invocation, from either side: head (and body) out, reply head back, the reply's body readable
/// after it; or a notice nobody waits for (console lines, traces, metrics).
/// </summary>
internal static class PlainCall
{
    public static async Task<(ReadOnlyMemory<byte> Head, ChannelCall Call)> SendAsync(HostChannel channel, string method, ReadOnlyMemory<byte> head,
        ReadOnlyMemory<byte>? body = null, CancellationToken ct = default)
    {
        ChannelCall call = channel.Call(method, head, withoutBody: body is null);
        using var cancel = ct.UnsafeRegister(static c => ((ChannelCall)c!).Cancel("The worker no longer waits for it."), call);
        if (body is { } bytes)
        {
            await call.SendAsync(bytes, ct).ConfigureAwait(false);
            await call.EndAsync(ct).ConfigureAwait(false);
        }
        return (await call.Reply.ConfigureAwait(false), call);
    }

    /// <summary>Sends <paramref name="head"/> without waiting; if the other side is gone, there is nobody to tell.</summary>
    public static void Notify(HostChannel channel, string method, byte[] head) => _ = NotifyAsync(channel, method, head);

    /// <summary>The whole body <paramref name="call"/> received (the reply's on the caller's side, the request's on the callee's).</summary>
    public static async Task<byte[]> ReadBodyAsync(ChannelCall call, CancellationToken ct = default)
    {
        var buffer = new MemoryStream();
        await call.Body.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static async Task NotifyAsync(HostChannel channel, string method, byte[] head)
    {
        try
        {
            await SendAsync(channel, method, head).ConfigureAwait(false);
        }
        catch (ChannelCallException)
        {
        }
    }
}
