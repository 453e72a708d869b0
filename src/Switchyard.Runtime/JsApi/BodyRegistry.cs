namespace Switchyard.Runtime.JsApi;

/// <summary>
/// Host-side bodies JS reads chunk by chunk (<c>readBody</c>): incoming request bodies, fetched responses and responses
/// of bound workers. Each is a stream owned here until it ends, is cancelled, or the context goes away.
/// </summary>
internal sealed class BodyRegistry : IDisposable
{
    private const int ChunkSize = 64 * 1024;
    private readonly Dictionary<int, Stream> _bodies = [];
    private int _next;

    public int Add(Stream body)
    {
        lock (_bodies)
        {
            int id = ++_next;
            _bodies[id] = body;
            return id;
        }
    }

    /// <summary>The next chunk, or null at the end (the body is then released).</summary>
    public async Task<byte[]?> ReadAsync(int id, CancellationToken ct)
    {
        Stream body;
        lock (_bodies)
        {
            if (!_bodies.TryGetValue(id, out body!)) return null;
        }
        var buffer = new byte[ChunkSize];
        int read = await body.ReadAsync(buffer, ct).ConfigureAwait(false);
        if (read > 0) return read == buffer.Length ? buffer : buffer[..read];
        Cancel(id);
        return null;
    }

    public void Cancel(int id)
    {
        Stream? body;
        lock (_bodies) _bodies.Remove(id, out body);
        body?.Dispose();
    }

    public void Dispose()
    {
        Stream[] all;
        lock (_bodies)
        {
            all = [.. _bodies.Values];
            _bodies.Clear();
        }
        foreach (Stream body in all) body.Dispose();
    }
}
