using Switchyard.WorkerHosts.Ipc;

namespace Switchyard.WorkerHosts.Protocol;

/// <summary>
/// A streamed answer's body on the caller's side of a call: reads the call's body; disposed before its end (the client
/// went away, or the caller stopped reading), it cancels the call so the other side stops producing it.
/// </summary>
internal sealed class CallResponseStream(ChannelCall call) : ReadOnlyStream
{
    private bool _ended;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        int read = await call.Body.ReadAsync(buffer, ct).ConfigureAwait(false);
        if (read == 0 && !buffer.IsEmpty) _ended = true;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_ended) call.Cancel("The response body was abandoned.");
        base.Dispose(disposing);
    }
}
