using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Switchyard.Engine.Interop;

namespace Switchyard.Engine.Execution;

/// <summary>
/// The serial task queue of one isolate, drained on the .NET thread pool. At most one thread runs it at a time
/// (the <c>_owned</c> flag, backed by v8::Locker), so an isolate is never entered by two threads at once, while
/// many isolates run in parallel. One native entry drains a batch of items to amortize locking.
/// </summary>
internal sealed unsafe class IsolateExecutor : IThreadPoolWorkItem
{
    private const int MaxItemsPerEntry = 256;

    [ThreadStatic] private static IsolateExecutor? t_running;

    private readonly ConcurrentQueue<WorkItem> _queue = new();
    private readonly JsIsolate _isolate;
    private readonly GCHandle _self;
    private int _owned;        // 1 while a thread runs or is about to run the queue
    private int _entryBudget;  // items the current entry may run (written by the owner before it enters)
    private bool _shutDown;

    public IsolateExecutor(JsIsolate isolate)
    {
        _isolate = isolate;
        _self = GCHandle.Alloc(this);
    }

    /// <summary>True on the thread currently running this executor's items.</summary>
    public bool IsCurrentThread => ReferenceEquals(t_running, this);

    public void Post(WorkItem item)
    {
        _queue.Enqueue(item);
        if (Interlocked.CompareExchange(ref _owned, 1, 0) == 0) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Runs the item on the calling thread when the queue is free (or already ours), else queues it.</summary>
    public void RunOrPost(WorkItem item)
    {
        if (IsCurrentThread)
        {
            _isolate.RunItem(item);
            return;
        }
        _queue.Enqueue(item);
        if (Interlocked.CompareExchange(ref _owned, 1, 0) == 0) Run(MaxItemsPerEntry);
    }

    /// <summary>
    /// Runs the item on the calling thread when the isolate is idle, else queues it. This saves a request the two
    /// thread hops into the executor and back. Only this one item runs inline, since draining other requests' items
    /// would keep the caller from its own answer. A thread already inside an isolate queues instead, so that one
    /// isolate's work never runs (and is never charged) inside another's turn.
    /// </summary>
    public void RunInlineOrPost(WorkItem item)
    {
        if (t_running is not null)
        {
            Post(item);
            return;
        }
        _queue.Enqueue(item);
        if (Interlocked.CompareExchange(ref _owned, 1, 0) == 0) Run(maxItems: 1);
    }

    public void Execute() => Run(MaxItemsPerEntry);

    private void Run(int maxItems)
    {
        _entryBudget = maxItems;
        NativeMethods.IsolateRun(_isolate.Native, &Drain, GCHandle.ToIntPtr(_self));
        if (_shutDown) return;
        // A full fence: the release must be visible before the queue is re-read, or a concurrent Post that saw
        // the queue owned and this check that saw it empty would both walk away from a queued item.
        Interlocked.Exchange(ref _owned, 0);
        if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _owned, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Waits until no thread runs the queue, keeps it owned forever, cancels what is left, then runs <paramref name="release"/>.</summary>
    public void Shutdown(Action release)
    {
        if (IsCurrentThread) throw new InvalidOperationException("An isolate cannot be disposed from inside its own work.");
        var spin = new SpinWait();
        while (Interlocked.CompareExchange(ref _owned, 1, 0) != 0) spin.SpinOnce();
        _shutDown = true;
        var disposed = new ObjectDisposedException(nameof(JsIsolate));
        while (_queue.TryDequeue(out WorkItem? item)) item.Cancel(disposed);
        release();
        _self.Free();
    }

    [UnmanagedCallersOnly]
    private static void Drain(nint state)
    {
        var executor = (IsolateExecutor)GCHandle.FromIntPtr(state).Target!;
        IsolateExecutor? outer = t_running;
        t_running = executor;
        try
        {
            executor._isolate.OnEnter();
            for (int i = 0; i < executor._entryBudget && executor._queue.TryDequeue(out WorkItem? item); i++)
            {
                executor._isolate.StartTurn();
                executor._isolate.RunItem(item);
            }
        }
        catch (Exception e)
        {
            Environment.FailFast("Unexpected failure in an isolate's executor.", e);
        }
        finally
        {
            t_running = outer;
        }
    }
}
