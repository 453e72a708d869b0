using System.Collections.Concurrent;
using Switchyard.Engine.Interop;

namespace Switchyard.Engine;

/// <summary>
/// Keeps a few isolates of one runtime image created ahead of need, each with its context made, so that
/// starting a worker costs only its module load. Creation happens on background threads (of lower priority, unless
/// the pool is told otherwise), off the caller's path: one per core (at most <c>size</c>), so when cold starts drain the pool its isolates are made in
/// parallel, while a single missing isolate is made by one thread.
/// Isolates are handed out once and never come back: tenants never share one.
/// </summary>
public sealed class JsIsolatePool : IDisposable
{
    // How long a taker waits for the isolate being made before making one itself (the maker may be starved for CPU).
    private static readonly TimeSpan MakerWait = TimeSpan.FromMilliseconds(20);

    private readonly ConcurrentQueue<JsContext> _ready = new();
    private readonly SemaphoreSlim _readyCount = new(0);  // released once per queued isolate, taken once per hand-out
    private readonly JsRuntimeImage _image;
    private readonly JsIsolateOptions? _options;
    private readonly int _size;
    // Long-lived threads: starting a thread per refill cost the requesting thread about a millisecond, since
    // Thread.Start waits until the new thread runs.
    private readonly Thread[] _makers;
    private readonly AutoResetEvent _wanted = new(initialState: true);  // wakes one maker; it wakes the next if more are missing
    private readonly bool _lowPriorityMakers;
    private int _making;  // isolates being made now
    private volatile bool _disposed;

    /// <param name="lowPriorityMakers">
    /// Whether the makers run at nice 10, behind the process's requests. A worker host passes false: it holds only
    /// isolates, its refills are on the path of deploys (each validates in a fresh isolate) and cold starts, and the
    /// server's requests run in another process it would otherwise yield to. Measured there (2 hosts, this VM): 20
    /// deploys in a row, upload to first answer, p50 37–50 ms at nice 10 against 24 ms at nice 0; back-to-back cold starts'
    /// p99 42 against 23 ms; Zipf over 1,000 tenants with a budget for ~400, the same throughput and a p99 of 75–78
    /// against 64–66 ms.
    /// </param>
    public JsIsolatePool(JsRuntimeImage image, JsIsolateOptions? options = null, int size = 4, bool lowPriorityMakers = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _image = image;
        _options = options;
        _size = size;
        _lowPriorityMakers = lowPriorityMakers;
        _makers = [.. Enumerable.Range(0, Math.Min(size, Environment.ProcessorCount))
            .Select(i => new Thread(MakeIsolates) { IsBackground = true, Name = "Isolate pool " + i })];
        foreach (Thread maker in _makers) maker.Start();
    }

    public int ReadyCount => _ready.Count;

    /// <summary>
    /// A fresh isolate's context (dispose its <see cref="JsContext.Isolate"/> when done). When none is ready, the
    /// isolate being made is awaited: it is partly done, and making a second one inline would take both the caller
    /// and the maker the full time. One is made inline only when nothing is being made, or when the maker has not
    /// delivered within <see cref="MakerWait"/>.
    /// The pool starts making a replacement at once, unless <paramref name="refillLater"/>: then the caller calls
    /// <see cref="Refill"/> once its own start-up is done, so that making the replacement (milliseconds of CPU) does
    /// not compete with it on a busy machine.
    /// </summary>
    public async ValueTask<JsContext> TakeAsync(bool refillLater = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        JsContext context;
        if (_readyCount.Wait(0) || (Volatile.Read(ref _making) > 0 && await _readyCount.WaitAsync(MakerWait).ConfigureAwait(false)))
        {
            context = _ready.TryDequeue(out JsContext? ready) ? ready : Create();  // empty only if disposed meanwhile
        }
        else
        {
            context = Create();
        }
        if (!refillLater) Refill();
        return context;
    }

    /// <summary>Tops the pool up in the background if isolates were taken (nothing to do when it is full).</summary>
    public void Refill()
    {
        if (!_disposed && _ready.Count < _size) _wanted.Set();
    }

    /// <summary>
    /// Waits for an isolate being made to be finished, then frees the ready ones. Waiting matters: a process that
    /// exits while another thread is inside V8 making an isolate aborts in V8's torn-down locks.
    /// </summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _wanted.Set();  // each maker passes it on as it leaves
        foreach (Thread maker in _makers) maker.Join();
        while (_ready.TryDequeue(out JsContext? context)) context.Isolate.Dispose();
    }

    // At a lower priority unless told otherwise: making isolates takes milliseconds of CPU, and on a busy machine it must
    // not compete with the process's requests for a core.
    private void MakeIsolates()
    {
        if (_lowPriorityMakers) NativeMethods.ThreadLowerPriority();
        while (true)
        {
            _wanted.WaitOne();
            if (_disposed)
            {
                _wanted.Set();
                return;
            }
            while (TryClaimOne())
            {
                if (Missing() > 0) _wanted.Set();  // another maker takes the next one meanwhile
                try
                {
                    _ready.Enqueue(Create());
                    _readyCount.Release();
                }
                catch (Exception)
                {
                    // Left for the next signal: meanwhile takers make isolates inline, and get the failure themselves.
                    Interlocked.Decrement(ref _making);
                    break;
                }
                Interlocked.Decrement(ref _making);
            }
        }
    }

    private int Missing() => _size - _ready.Count - Volatile.Read(ref _making);

    // Counts an isolate as being made if one is missing (several makers may ask at once).
    private bool TryClaimOne()
    {
        while (true)
        {
            int making = Volatile.Read(ref _making);
            if (_disposed || _size - _ready.Count - making <= 0) return false;
            if (Interlocked.CompareExchange(ref _making, making + 1, making) == making) return true;
        }
    }

    private JsContext Create() => new JsIsolate(_image, _options).CreateContext();
}
