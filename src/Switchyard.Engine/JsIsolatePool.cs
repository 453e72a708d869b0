using System.Collections.Concurrent;
using Switchyard.Engine.Interop;

namespace Switchyard.Engine;

/// <summary>
/// Keeps a few isolates of one runtime image created ahead of need, each with its context made, so that
/// starting a worker costs only its module load. Creation happens on a background thread of lower priority, off the
/// caller's path.
/// Isolates are handed out once and never come back: tenants never share one.
/// </summary>
public sealed class JsIsolatePool : IDisposable
{
    private readonly ConcurrentQueue<JsContext> _ready = new();
    private readonly JsRuntimeImage _image;
    private readonly JsIsolateOptions? _options;
    private readonly int _size;
    private readonly Lock _gate = new();
    private Task _refill = Task.CompletedTask;
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

    /// <summary>Tops the pool up in the background if isolates were taken (nothing to do when it is full).</summary>
    public void Refill()
    {
        lock (_gate)
        {
            if (_disposed || _ready.Count >= _size || !_refill.IsCompleted) return;
            // A thread of its own at a lower priority: making isolates takes milliseconds of CPU, and on a busy machine
            // it must neither hold a pool thread that requests need nor compete with them for a core.
            _refill = Task.Factory.StartNew(() =>
            {
                NativeMethods.ThreadLowerPriority();
                while (!_disposed && _ready.Count < _size) _ready.Enqueue(Create());
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Waits for an isolate being made to be finished, then frees the ready ones. Waiting matters: a process that
    /// exits while another thread is inside V8 making an isolate aborts in V8's torn-down locks.
    /// </summary>
    public void Dispose()
    {
        Task refill;
        lock (_gate)
        {
            _disposed = true;
            refill = _refill;
        }
        try
        {
            refill.Wait();
        }
        catch (AggregateException)
        {
            // A failed refill left nothing to free.
        }
        while (_ready.TryDequeue(out JsContext? context)) context.Isolate.Dispose();
    }

    private JsContext Create() => new JsIsolate(_image, _options).CreateContext();
}
