using System.Collections.Concurrent;

namespace Switchyard.Engine;

/// <summary>
/// Keeps a few isolates of one runtime image created ahead of need, each with its context made, so that
/// starting a worker costs only its module load. Creation happens on the thread pool, off the caller's path.
/// Isolates are handed out once and never come back: tenants never share one.
/// </summary>
public sealed class JsIsolatePool : IDisposable
{
    private readonly ConcurrentQueue<JsContext> _ready = new();
    private readonly JsRuntimeImage _image;
    private readonly JsIsolateOptions? _options;
    private readonly int _size;
    private int _refilling;
    private volatile bool _disposed;

    public JsIsolatePool(JsRuntimeImage image, JsIsolateOptions? options = null, int size = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _image = image;
        _options = options;
        _size = size;
        Refill();
    }

    public int ReadyCount => _ready.Count;

    /// <summary>
    /// A fresh isolate's context (dispose its <see cref="JsContext.Isolate"/> when done); made inline if none is ready.
    /// The pool starts making its replacement at once, unless <paramref name="refillLater"/>: then the caller calls
    /// <see cref="Refill"/> once its own start-up is done, so that making the replacement (milliseconds of CPU) does
    /// not compete with it on a busy machine.
    /// </summary>
    public JsContext Take(bool refillLater = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        JsContext context = _ready.TryDequeue(out JsContext? ready) ? ready : Create();
        if (!refillLater) Refill();
        return context;
    }

    /// <summary>Tops the pool up on the thread pool if isolates were taken (nothing to do when it is full).</summary>
    public void Refill()
    {
        if (_disposed || _ready.Count >= _size || Interlocked.Exchange(ref _refilling, 1) != 0) return;
        ThreadPool.UnsafeQueueUserWorkItem(static pool =>
        {
            while (!pool._disposed && pool._ready.Count < pool._size) pool._ready.Enqueue(pool.Create());
            Volatile.Write(ref pool._refilling, 0);
            if (pool._disposed) pool.Dispose();  // an isolate made while disposing
        }, this, preferLocal: false);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_ready.TryDequeue(out JsContext? context)) context.Isolate.Dispose();
    }

    private JsContext Create() => new JsIsolate(_image, _options).CreateContext();
}
