using System.Buffers;
using System.Runtime.InteropServices;
using Switchyard.Runtime.Invocation;
using Switchyard.WorkerHosts.Ipc;

namespace Switchyard.WorkerHosts.Protocol;

/// <summary>
/// A call that runs a worker (or answers like one) over the channel, both ends: the caller's head and request body go
/// out, and the reply is <c>[i32 n][n bytes of <see cref="WireReply"/> (<see cref="BinaryHeads"/>)][the whole body, when it is inlined]</c>, then
/// the body streams unless it was inlined. A body the worker made whole (most small answers) crosses in the reply
/// frame, and the caller's response then holds it whole too (<see cref="WorkerResponse.TryGetWholeBody"/>). The worker's
/// failure crosses as <see cref="WireFailure"/> and is thrown again on the caller's side as the same
/// <see cref="WorkerException"/>; a call the other side refused (no such binding) as <see cref="InvalidOperationException"/>.
/// </summary>
internal static class InvocationWire
{
    /// <summary>The largest whole body sent in the reply frame itself.</summary>
    private const int InlineLimit = 256 * 1024;

    public const string HostEndedMessage = "The worker's host process ended while it ran.";

    /// <summary>Caller's side: the response, whose body (if streamed) reads the call; disposing it early cancels the call.</summary>
    public static async Task<WorkerResponse> CallAsync(HostChannel channel, string method, byte[] head, Stream? requestBody, CancellationToken ct)
    {
        ChannelCall call;
        try
        {
            call = channel.Call(method, head, withoutBody: requestBody is null);
        }
        catch (ChannelCallException e)
        {
            throw HostEnded(e);
        }
        if (requestBody is not null) _ = PumpAsync(call, requestBody);
        ReadOnlyMemory<byte> reply;
        using (ct.UnsafeRegister(static c => ((ChannelCall)c!).Cancel(WorkerException.CanceledMessage), call))
        {
            try
            {
                reply = await call.Reply.ConfigureAwait(false);
            }
            catch (ChannelCallException e)
            {
                if (ct.IsCancellationRequested) throw new WorkerException(WorkerFailure.Canceled, WorkerException.CanceledMessage, inner: e);
                throw HostEnded(e);
            }
        }
        var (answer, bodyAt) = BinaryHeads.ReadFrame(reply.Span);
        if (answer.Failure is { } failure) throw failure.ToException();
        if (answer.Refusal is { } refusal) throw new InvalidOperationException(refusal);
        Stream? body = null;
        if (answer.Inline)
        {
            // The reply is the frame's own array (it belongs to this call alone): the body is read where it lies.
            ReadOnlyMemory<byte> inlined = reply[bodyAt..];
            ArraySegment<byte> whole = MemoryMarshal.TryGetArray(inlined, out ArraySegment<byte> segment) ? segment : inlined.ToArray();
            body = new MemoryStream(whole.Array!, whole.Offset, whole.Count, writable: false, publiclyVisible: true);
        }
        else if (answer.HasBody) body = new CallResponseStream(call);
        return new WorkerResponse(answer.Status, answer.StatusText, answer.Headers, body)
        {
            WebSocket = answer.WebSocket is long socket ? WebSocketHandoffs.Claim(channel, socket) : null,
        };
    }

    /// <summary>Callee's side: runs <paramref name="run"/> on the call's request, and answers with what it returned or threw.</summary>
    /// <param name="webSockets">Where a WebSocket the response carries waits for the caller to claim it.</param>
    /// <param name="refusable">An <see cref="InvalidOperationException"/> is the caller's to see (a binding call naming no worker).</param>
    public static async Task AnswerAsync(ChannelCall call, WireRequest request, Func<WorkerRequest, CancellationToken, Task<WorkerResponse>> run,
        WebSocketHandoffs webSockets, bool refusable = false)
    {
        WorkerResponse response;
        try
        {
            response = await run(request.ToRequest(call.Body), call.Aborted).ConfigureAwait(false);
        }
        catch (WorkerException e)
        {
            await ReplyAsync(call, new WireReply(0, "", []) { Failure = WireFailure.Of(e) }).ConfigureAwait(false);
            return;
        }
        catch (InvalidOperationException e) when (refusable)
        {
            await ReplyAsync(call, new WireReply(0, "", []) { Refusal = e.Message }).ConfigureAwait(false);
            return;
        }
        catch (Exception) when (call.Aborted.IsCancellationRequested)
        {
            return;  // the caller has gone: nobody to answer
        }
        if (response.WebSocket is { } socket)
        {
            // A 101 has no body; its WebSocket is claimed by the caller in a call of its own.
            if (response.Body is { } ignored) await ignored.DisposeAsync().ConfigureAwait(false);
            await ReplyAsync(call, new WireReply(response.Status, response.StatusText, response.Headers) { WebSocket = webSockets.HandOver(socket) })
                .ConfigureAwait(false);
            return;
        }
        if (response.TryGetWholeBody(out ReadOnlyMemory<byte> whole) && whole.Length <= InlineLimit)
        {
            await ReplyAsync(call, new WireReply(response.Status, response.StatusText, response.Headers) { Inline = true }, whole).ConfigureAwait(false);
            return;
        }
        if (response.Body is not { } body)
        {
            await ReplyAsync(call, new WireReply(response.Status, response.StatusText, response.Headers)).ConfigureAwait(false);
            return;
        }
        call.SendReply(Frame(new WireReply(response.Status, response.StatusText, response.Headers) { HasBody = true }, default));
        await PumpAsync(call, body).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="body"/> as the call's body, then its end; a body that breaks cancels the call (its reader fails too).</summary>
    public static async Task PumpAsync(ChannelCall call, Stream body)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(HostChannel.MaxChunk);
        try
        {
            await using (body.ConfigureAwait(false))
            {
                int read;
                while ((read = await body.ReadAsync(buffer.AsMemory(0, HostChannel.MaxChunk), call.Aborted).ConfigureAwait(false)) > 0)
                    await call.SendAsync(buffer.AsMemory(0, read), call.Aborted).ConfigureAwait(false);
            }
            await call.EndAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ChannelCallException or OperationCanceledException)
        {
            // The other side cancelled or went away: it reads no more.
        }
        catch (Exception e)
        {
            call.Cancel(e is WorkerException w ? w.Message : $"The body failed: {e.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Task ReplyAsync(ChannelCall call, WireReply reply, ReadOnlyMemory<byte> inline = default)
    {
        try
        {
            call.SendReplyAndEnd(Frame(reply, inline));
        }
        catch (ChannelCallException)
        {
            // The caller has gone.
        }
        return Task.CompletedTask;
    }

    private static byte[] Frame(WireReply reply, ReadOnlyMemory<byte> inline) => BinaryHeads.Frame(reply, inline.Span);

    private static WorkerException HostEnded(ChannelCallException e) =>
        new(WorkerFailure.Exception, "Worker threw exception", inner: e) { ErrorMessage = HostEndedMessage };
}

/// <summary>What a worker answered, as it crosses (the body follows or is inlined).</summary>
internal sealed record WireReply(int Status, string StatusText, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public bool HasBody { get; init; }
    public bool Inline { get; init; }
    public WireFailure? Failure { get; init; }
    /// <summary>The call named something that does not exist (the message the caller's JS sees).</summary>
    public string? Refusal { get; init; }
    /// <summary>The id under which the response's WebSocket waits to be claimed (<see cref="WebSocketHandoffs"/>).</summary>
    public long? WebSocket { get; init; }
}

/// <summary>A <see cref="WorkerException"/> as it crosses.</summary>
internal sealed record WireFailure(WorkerFailure Failure, string Message, string? JsStack, string? ErrorMessage, bool PassThroughOnException)
{
    public static WireFailure Of(WorkerException e) => new(e.Failure, e.Message, e.JsStack, e.ErrorMessage, e.PassThroughOnException);

    public WorkerException ToException() => new(Failure, Message, JsStack) { ErrorMessage = ErrorMessage, PassThroughOnException = PassThroughOnException };
}
