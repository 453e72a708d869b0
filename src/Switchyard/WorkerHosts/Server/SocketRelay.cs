using System.Buffers;
using Switchyard.Runtime.Outbound;
using Switchyard.WorkerHosts.Ipc;

namespace Switchyard.WorkerHosts.Server;

/// <summary>
/// The server's half of a worker host's <c>connect()</c>: the TCP connection the server made, relayed both ways over
/// the host's call until both directions have ended, or the call is cancelled (the worker closed the socket, or its
/// host went away), which closes the connection.
/// </summary>
internal static class SocketRelay
{
    public static async Task RunAsync(ChannelCall call, SocketConnection connection)
    {
        using (connection)
            await Task.WhenAll(WorkerToPeerAsync(call, connection), PeerToWorkerAsync(call, connection)).ConfigureAwait(false);
    }

    private static async Task WorkerToPeerAsync(ChannelCall call, SocketConnection connection)
    {
        try
        {
            await call.Body.CopyToAsync(connection.Stream, HostChannel.MaxChunk, call.Aborted).ConfigureAwait(false);
            await connection.CloseWriteAsync().ConfigureAwait(false);  // the worker closed its writable
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            call.Cancel("The connection broke.");
        }
    }

    private static async Task PeerToWorkerAsync(ChannelCall call, SocketConnection connection)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(HostChannel.MaxChunk);
        try
        {
            int read;
            while ((read = await connection.Stream.ReadAsync(buffer.AsMemory(0, HostChannel.MaxChunk), call.Aborted).ConfigureAwait(false)) > 0)
                await call.SendAsync(buffer.AsMemory(0, read), call.Aborted).ConfigureAwait(false);
            await call.EndAsync().ConfigureAwait(false);  // the peer closed its side
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ChannelCallException or System.Net.Sockets.SocketException
                                      or ObjectDisposedException)
        {
            call.Cancel("The connection broke.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
