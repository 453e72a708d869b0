using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using Switchyard.Observability.Tracing;

namespace Switchyard.Observability.Tail;

/// <summary>
/// One tail of one script: the events that passed its filters, buffered (up to <see cref="BufferedEvents"/>, the newest
/// dropped past that) until its WebSocket takes them. The socket URL holds <see cref="Key"/>, so whoever was given the
/// URL by <c>POST …/tails</c> can connect without a token, as wrangler does.
/// </summary>
public sealed class TailSession
{
    /// <summary>Events kept for a slow or not yet connected client; past it new events are counted in <see cref="Dropped"/>.</summary>
    public const int BufferedEvents = 512;

    private readonly Channel<TraceEvent> _events = Channel.CreateBounded<TraceEvent>(
        new BoundedChannelOptions(BufferedEvents) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly CancellationTokenSource _ended = new();
    private readonly TailFilters _filters;
    private volatile bool _debug;
    private int _connected;
    private long _dropped;

    internal TailSession(TraceTarget target, TailFilters filters, DateTimeOffset created, DateTimeOffset expiresAt)
    {
        Target = target;
        _filters = filters;
        Created = created;
        ExpiresAt = expiresAt;
    }

    /// <summary>The tail's id in the API (<c>DELETE …/tails/{id}</c>).</summary>
    public string Id { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The secret part of the socket URL: 256 random bits.</summary>
    public string Key { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public TraceTarget Target { get; }
    public DateTimeOffset Created { get; }
    public DateTimeOffset ExpiresAt { get; }
    public bool IsConnected => Volatile.Read(ref _connected) != 0;
    public long Dropped => Interlocked.Read(ref _dropped);
    internal bool IsEnded => _ended.IsCancellationRequested;

    public bool KeyMatches(string key) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(key), System.Text.Encoding.ASCII.GetBytes(Key));

    /// <summary>Queues <paramref name="trace"/> if it passes the filters (all events in debug mode). Never blocks.</summary>
    internal void Offer(TraceEvent trace)
    {
        if (!_debug && !_filters.Matches(trace)) return;
        if (!_events.Writer.TryWrite(trace)) Interlocked.Increment(ref _dropped);
    }

    /// <summary>Ends the tail: its socket is closed with 1000 (wrangler then deletes it and exits cleanly).</summary>
    internal void End()
    {
        _events.Writer.TryComplete();
        _ended.Cancel();
    }

    /// <summary>
    /// Streams events to <paramref name="socket"/> (one JSON text frame each) until the client closes, the connection
    /// drops (<paramref name="aborted"/>), the tail is deleted or it expires; the last two close with 1000. Reads the
    /// client's frames meanwhile: <c>{"debug":true}</c> turns filtering off, and reading answers the client's pings.
    /// A tail has one socket at a time.
    /// </summary>
    public async Task RunAsync(WebSocket socket, TimeProvider time, CancellationToken aborted)
    {
        if (Interlocked.Exchange(ref _connected, 1) != 0)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "This tail already has a connection.", aborted);
            return;
        }
        try
        {
            using var run = CancellationTokenSource.CreateLinkedTokenSource(aborted, _ended.Token);
            TimeSpan left = ExpiresAt - time.GetUtcNow();
            using var expiry = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, time);
            using CancellationTokenRegistration expire = expiry.Token.Register(End);
            Task<bool> clientClosed = ReceiveAsync(socket, run);
            try
            {
                while (await _events.Reader.WaitToReadAsync(run.Token))
                    while (_events.Reader.TryRead(out TraceEvent? trace))
                        await socket.SendAsync(TraceEventJson.ToUtf8(trace), WebSocketMessageType.Text, true, run.Token);
            }
            catch (OperationCanceledException)
            {
            }
            catch (WebSocketException)
            {
                return;  // the connection is gone
            }
            if (aborted.IsCancellationRequested) return;
            // Ended here (deleted, expired) or by the client's close: either way the close handshake ends with 1000.
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var closing = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                closing.CancelAfter(TimeSpan.FromSeconds(5));
                try
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "Tail ended.", closing.Token);
                    if (!clientClosed.IsCompleted) await clientClosed.WaitAsync(closing.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or WebSocketException)
                {
                }
            }
        }
        finally
        {
            End();
        }
    }

    /// <summary>Reads the client's frames until it closes (true) or the connection fails (false); either ends the run.</summary>
    private async Task<bool> ReceiveAsync(WebSocket socket, CancellationTokenSource run)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        run.Cancel();
                        return true;
                    }
                    if (message.Length + result.Count <= buffer.Length * 4) message.Write(buffer, 0, result.Count);
                } while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Text) ReadSettings(message.ToArray());
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            run.Cancel();
            return false;
        }
    }

    /// <summary>wrangler's one message: <c>{"debug":false}</c> (true with its hidden <c>--debug</c> flag). Others are ignored.</summary>
    private void ReadSettings(byte[] message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("debug", out JsonElement debug)
                && debug.ValueKind is JsonValueKind.True or JsonValueKind.False)
                _debug = debug.GetBoolean();
        }
        catch (JsonException)
        {
        }
    }
}
