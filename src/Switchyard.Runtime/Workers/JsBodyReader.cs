using Switchyard.Engine;

namespace Switchyard.Runtime.Workers;

/// <summary>
/// The reader <c>responseParts</c> gives for a Response body: each read runs <c>read()</c> in the isolate, charged
/// to the request's invocation, and copies the chunk out.
/// </summary>
internal sealed class JsBodyReader(WorkerInstance instance, JsValue reader, JsInvocation invocation)
{
    private int _released;

    /// <summary>The next chunk, or null at the end.</summary>
    public Task<byte[]?> ReadAsync() =>
        instance.Context.RunAsync(async c =>
        {
            JsValue read = c.Get(reader, "read");
            JsValue chunk = await c.CallAsync(read, reader);
            read.Release();
            if (chunk.IsNullOrUndefined) return null;
            byte[] bytes = chunk.AsBuffer().Span.ToArray();
            chunk.Release();
            return bytes;
        }, invocation);

    /// <summary>Abandons the body (the client went away): cancels the JS stream, ignoring failures.</summary>
    public async Task CancelAsync()
    {
        try
        {
            await instance.Context.RunAsync(async c =>
            {
                JsValue cancel = c.Get(reader, "cancel");
                (await c.CallAsync(cancel, reader)).Release();
                cancel.Release();
                return true;
            }, invocation);
        }
        catch (Exception e) when (e is JsException or JsLimitException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) reader.Release();
    }
}
