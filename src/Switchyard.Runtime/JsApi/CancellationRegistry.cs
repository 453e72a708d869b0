namespace Switchyard.Runtime.JsApi;

/// <summary>Pending host operations (timers, fetches) by the id JS chose, so JS can cancel them and disposal stops them all.</summary>
internal sealed class CancellationRegistry
{
    private readonly Dictionary<int, CancellationTokenSource> _pending = [];

    public CancellationTokenSource Add(int id, CancellationToken linked = default)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(linked);
        lock (_pending) _pending[id] = source;
        return source;
    }

    public void Complete(int id, CancellationTokenSource source)
    {
        lock (_pending)
        {
            if (_pending.TryGetValue(id, out CancellationTokenSource? current) && current == source) _pending.Remove(id);
        }
        source.Dispose();
    }

    public void Cancel(int id)
    {
        CancellationTokenSource? source;
        lock (_pending) _pending.Remove(id, out source);
        try { source?.Cancel(); } catch (ObjectDisposedException) { }
    }

    public void CancelAll()
    {
        CancellationTokenSource[] all;
        lock (_pending)
        {
            all = [.. _pending.Values];
            _pending.Clear();
        }
        foreach (var source in all)
        {
            try { source.Cancel(); } catch (ObjectDisposedException) { }
        }
    }
}
