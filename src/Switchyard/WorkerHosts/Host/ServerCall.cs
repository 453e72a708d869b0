using Switchyard.WorkerHosts.Ipc;

namespace Switchyard.WorkerHosts.Host;

/// <summary>A worker host's plain call of the server: head (and body) out, reply head back, the reply's body readable after it.</summary>
internal static class ServerCall
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

    /// <summary>The reply's whole body.</summary>
    public static async Task<byte[]> ReadBodyAsync(ChannelCall call, CancellationToken ct = default)
    {
        var buffer = new MemoryStream();
        await call.Body.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
