using Switchyard.Runtime.Outbound;
using Switchyard.Storage.Scripts;
using Switchyard.WorkerHosts.Ipc;
using Switchyard.WorkerHosts.Protocol;

namespace Switchyard.WorkerHosts.Host;

/// <summary>
/// A worker host's <c>cloudflare:sockets</c> dialer: the host may open no socket, so the server connects (under its
/// address rules, as for <c>fetch()</c>) and relays the bytes over a <see cref="HostMethods.Socket"/> call, the call's
/// body out being what the worker writes and its body in what the peer sent. TLS stays here, over the relayed bytes.
/// </summary>
internal sealed class ChannelSockets(HostChannel channel) : ISocketDialer
{
    public async Task<SocketConnection> ConnectAsync(OutboundCaller caller, string host, int port, CancellationToken ct)
    {
        ChannelCall call = channel.Call(HostMethods.Socket, WireJson.Write(new SocketHead(caller.Worker, host, port) { Ticket = caller.Ticket }));
        SocketReply reply;
        using (ct.UnsafeRegister(static c => ((ChannelCall)c!).Cancel("The worker no longer waits for the connection."), call))
            reply = WireJson.Read<SocketReply>(await call.Reply.ConfigureAwait(false));
        return new SocketConnection(new CallStream(call), reply.RemoteAddress, reply.LocalAddress, () => call.EndAsync());
    }

    /// <summary>The relayed connection as a stream: reads take the call's body in, writes send its body out.</summary>
    private sealed class CallStream(ChannelCall call) : Stream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => call.Body.ReadAsync(buffer, ct);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) => call.SendAsync(buffer, ct);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override void Flush() { }
        public override Task FlushAsync(CancellationToken ct) => Task.CompletedTask;

        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        // The worker closed the socket (or its invocation ended): the server closes the TCP connection.
        protected override void Dispose(bool disposing)
        {
            if (disposing) call.Cancel("The socket was closed.");
            base.Dispose(disposing);
        }
    }
}
