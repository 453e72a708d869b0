using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Switchyard.Engine.Execution;
using Switchyard.Engine.Interop;

namespace Switchyard.Engine;

/// <summary>
/// A V8 isolate with its own heap, memory caps and serial executor. All JS work runs on the executor
/// (<see cref="RunAsync{T}(Func{T}, JsInvocation?)"/> and friends), one thread at a time, on the thread pool.
/// </summary>
public sealed unsafe partial class JsIsolate : IDisposable
{
    private readonly IsolateExecutor _executor;
    private readonly GCHandle _self;
    private readonly ConcurrentQueue<int> _releasedSlots = new();
    private volatile bool _memoryExceeded;
    private int _disposed;
    private readonly object _nativeLifetime = new();
    private bool _nativeFreed;
    private readonly IsolateSynchronizationContext _synchronizationContext;
    private JsInvocation? _armed;  // whose budget the watchdog counts down now, if any

    public JsIsolate(JsRuntimeImage runtime, JsIsolateOptions? options = null)
    {
        options ??= new JsIsolateOptions();
        Runtime = runtime;
        V8Platform.EnsureInitialized();
        Marshaller = new ValueMarshaller(this);
        _self = GCHandle.Alloc(this);
        var native = new SyIsolateOptions
        {
            HeapLimitBytes = options.HeapLimitBytes,
            ArrayBufferLimitBytes = options.ArrayBufferLimitBytes,
            Snapshot = runtime.Snapshot,
            State = GCHandle.ToIntPtr(_self),
        };
        Native = NativeMethods.IsolateNew(&native);
        _executor = new IsolateExecutor(this);
        _synchronizationContext = new IsolateSynchronizationContext(this, null);
    }

    public JsRuntimeImage Runtime { get; }

    /// <summary>False once a memory limit was hit (the isolate must be discarded) or after disposal.</summary>
    public bool IsUsable => !_memoryExceeded && Volatile.Read(ref _disposed) == 0;

    /// <summary>True on the thread currently running this isolate's work.</summary>
    public bool IsCurrentThread => _executor.IsCurrentThread;

    internal nint Native { get; }
    internal ValueMarshaller Marshaller { get; }

    /// <summary>The context of the latest operation; host calls and settlements are attributed to it.</summary>
    internal JsContext? CurrentContext { get; set; }
    /// <summary>The invocation the running work is charged to: host functions use it to attribute calls to a request.</summary>
    public JsInvocation? CurrentInvocation { get; private set; }

    /// <summary>Queues <paramref name="work"/> to run inside the isolate, charged to <paramref name="invocation"/>.</summary>
    public Task<T> RunAsync<T>(Func<T> work, JsInvocation? invocation = null)
    {
        var item = new FuncWorkItem<T>(work) { Invocation = invocation };
        Post(item);
        return item.Task;
    }

    /// <summary>Queues asynchronous work; the task completes when the work's own task does.</summary>
    public Task<T> RunAsync<T>(Func<Task<T>> work, JsInvocation? invocation = null) => RunAsync<Task<T>>(work, invocation).Unwrap();

    /// <summary>
    /// Like <see cref="RunAsync{T}(Func{Task{T}}, JsInvocation?)"/>, but on the calling thread when the isolate is idle:
    /// work that settles within its turn then completes before this returns, without a thread hop in or out.
    /// </summary>
    public Task<T> RunInlineAsync<T>(Func<Task<T>> work, JsInvocation? invocation = null)
    {
        var item = new FuncWorkItem<Task<T>>(work) { Invocation = invocation };
        ThrowIfDisposed();
        _executor.RunInlineOrPost(item);
        return item.Task.Unwrap();
    }

    public Task RunAsync(Action work, JsInvocation? invocation = null) => RunAsync(() => { work(); return true; }, invocation);

    /// <summary>Runs <paramref name="work"/> inside the isolate and waits for it: on this thread when the isolate is idle.</summary>
    public T Run<T>(Func<T> work, JsInvocation? invocation = null)
    {
        var item = new FuncWorkItem<T>(work) { Invocation = invocation };
        ThrowIfDisposed();
        _executor.RunOrPost(item);
        return item.Task.GetAwaiter().GetResult();
    }

    public void Run(Action work, JsInvocation? invocation = null) => Run(() => { work(); return true; }, invocation);

    /// <summary>Creates a context: the runtime image's snapshot, or its host functions plus bootstrap.</summary>
    public JsContext CreateContext() => Run(CreateContextInside);

    public Task<JsContext> CreateContextAsync() => RunAsync(CreateContextInside);

    /// <summary>
    /// Stops whatever JS runs now; it fails with <see cref="JsLimitKind.Terminated"/>. From another thread it reaches
    /// JS that is running at the time: asked while no thread holds the isolate, V8 may drop it when the next thread
    /// takes the isolate (its Locker restores that thread's interrupt state), so it is no way to cancel queued work.
    /// </summary>
    public void Terminate()
    {
        // Under the lifetime lock: a Terminate from another thread must not reach an isolate Dispose has just freed.
        lock (_nativeLifetime)
        {
            if (!_nativeFreed) NativeMethods.IsolateTerminate(Native);
        }
    }

    /// <summary>
    /// Ends one invocation, leaving the isolate and its other invocations running: its JS is terminated if it is what
    /// runs now, its queued work and pending awaits fail with <see cref="JsLimitKind.Terminated"/>. For a host function
    /// that decides its caller must stop (e.g. a subrequest limit), so a script cannot go on catching the error.
    /// </summary>
    public void Abort(JsInvocation invocation)
    {
        invocation.MarkAborted();
        if (Volatile.Read(ref _disposed) != 0) return;
        if (IsCurrentThread)
        {
            if (ReferenceEquals(CurrentInvocation, invocation)) Terminate();
            FailAwaits(a => ReferenceEquals(a.Invocation, invocation), new JsLimitException(JsLimitKind.Terminated));
            return;
        }
        Post(new FuncWorkItem<bool>(() =>
        {
            FailAwaits(a => ReferenceEquals(a.Invocation, invocation), new JsLimitException(JsLimitKind.Terminated));
            return true;
        }));
    }

    /// <summary>
    /// Whether <c>eval</c>, <c>new Function</c> and Wasm compilation from bytes work now (false by default: they throw
    /// <c>EvalError</c> / <c>WebAssembly.CompileError</c>). Set from inside the isolate, around the work that may use them.
    /// </summary>
    public bool AllowsCodeGeneration
    {
        get => _allowsCodeGeneration;
        set
        {
            _allowsCodeGeneration = value;
            NativeMethods.IsolateAllowCodeGeneration(Native, value ? 1 : 0);
        }
    }

    private bool _allowsCodeGeneration;

    /// <summary>
    /// For long host work inside a host function (on the isolate's thread, charged to the running invocation): once the
    /// invocation's CPU budget is spent, stops its JS and throws <see cref="JsLimitException"/> (<see cref="JsLimitKind.Cpu"/>),
    /// which the host function lets through. The watchdog's own termination stops JS only, not C# work in progress.
    /// </summary>
    public void ThrowIfCpuSpent()
    {
        if (_armed is not { } invocation || NativeMethods.CpuSpent(Native) == 0) return;
        invocation.MarkCpuExceeded();
        Terminate();
        throw new JsLimitException(JsLimitKind.Cpu);
    }

    /// <summary>
    /// The isolate's memory (its V8 heap plus its ArrayBuffers) as read when it last finished a batch of work, at most
    /// once a second; 0 before its first. Read from any thread without waiting for the isolate: what a cache of many
    /// isolates budgets with.
    /// </summary>
    public long LastFootprintBytes
    {
        get
        {
            lock (_nativeLifetime) return _nativeFreed ? 0 : NativeMethods.IsolateFootprint(Native);
        }
    }

    /// <summary>
    /// How many runs of this isolate found optimized code that V8 compiled in the background between runs and asked V8
    /// to install it: V8's own request is lost when a thread takes the isolate (native/interrupts.cc). Diagnostics and
    /// tests; read from any thread.
    /// </summary>
    public long InstallInterruptsCarried
    {
        get
        {
            lock (_nativeLifetime) return _nativeFreed ? 0 : NativeMethods.IsolateInstallInterruptsCarried(Native);
        }
    }

    /// <summary>The heap figures, waiting for the isolate: never call it from a request path (use <see cref="GetHeapInfoAsync"/>).</summary>
    public JsHeapInfo GetHeapInfo() => Run(ReadHeapInfo);

    /// <summary>The heap figures, read by a queued item: no thread waits for the isolate meanwhile.</summary>
    public Task<JsHeapInfo> GetHeapInfoAsync() => RunAsync(ReadHeapInfo);

    private JsHeapInfo ReadHeapInfo()
    {
        SyHeapInfo info;
        NativeMethods.HeapInfoGet(Native, &info);
        return new JsHeapInfo(info.UsedHeapBytes, info.TotalHeapBytes, info.ExternalBytes, info.ArrayBufferBytes);
    }

    /// <summary>Waits for running work to finish, cancels queued work and frees the isolate's native memory.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _executor.Shutdown(() =>
        {
            FailAwaits(_ => true, new ObjectDisposedException(nameof(JsIsolate)));
            lock (_nativeLifetime)
            {
                _nativeFreed = true;
                NativeMethods.IsolateDispose(Native);
            }
            Marshaller.Dispose();
            _self.Free();
        });
    }

    internal void Post(WorkItem item)
    {
        ThrowIfDisposed();
        _executor.Post(item);
    }

    internal void ReleaseHandle(int slot)
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        if (_executor.IsCurrentThread) NativeMethods.HandleFree(Native, slot);
        else _releasedSlots.Enqueue(slot);
    }

    /// <summary>Called on each native entry, before any item runs.</summary>
    internal void OnEnter()
    {
        while (_releasedSlots.TryDequeue(out int slot)) NativeMethods.HandleFree(Native, slot);
    }

    /// <summary>
    /// Wall-clock time (Unix ms) at which the current queued item started. The runtime's clock reads this, so time seen
    /// by JavaScript stands still while code runs and advances between turns, as on Cloudflare: timing side channels
    /// stay coarse and timers set in one turn are ordered by their delays alone.
    /// </summary>
    public long TurnStartUnixMs { get; private set; } = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    internal void StartTurn() => TurnStartUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    internal void RunItem(WorkItem item)
    {
        JsInvocation? invocation = item.Invocation;
        bool overLimit = invocation is { CpuExceeded: true } || invocation?.RemainingNs <= 0;
        bool aborted = invocation is { Aborted: true };
        if ((_memoryExceeded || overLimit || aborted) && !item.RunsPastLimits)
        {
            item.Cancel(new JsLimitException(_memoryExceeded ? JsLimitKind.Memory : overLimit ? JsLimitKind.Cpu : JsLimitKind.Terminated));
            return;
        }
        if (overLimit) invocation!.MarkCpuExceeded();
        overLimit |= aborted;
        JsInvocation? outer = CurrentInvocation;
        bool arm = invocation?.CpuLimit is not null && _armed is null && !overLimit;
        CurrentInvocation = invocation ?? outer;
        SynchronizationContext? outerSync = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(SynchronizationContextFor(invocation));
        if (arm)
        {
            NativeMethods.CpuArm(Native, invocation!.RemainingNs, resume: 1);
            _armed = invocation;
        }
        item.Execute();
        if (arm)
        {
            _armed = null;
            if (DisarmCpu(invocation!) || invocation!.CpuExceeded) OnCpuExceeded(invocation!);
        }
        CurrentInvocation = outer;
        SynchronizationContext.SetSynchronizationContext(outerSync);
        item.Complete();
    }

    /// <summary>Stops the watchdog's count and charges the CPU time used since arming; true if it found the budget spent.</summary>
    private bool DisarmCpu(JsInvocation invocation)
    {
        long used;
        bool exceeded = NativeMethods.CpuDisarm(Native, &used) != 0;
        invocation.Charge(used);
        return exceeded;
    }

    private IsolateSynchronizationContext SynchronizationContextFor(JsInvocation? invocation)
    {
        if (invocation is null) return _synchronizationContext;
        if (invocation.SynchronizationContext is { } cached && cached.Isolate == this) return cached;
        return invocation.SynchronizationContext = new IsolateSynchronizationContext(this, invocation);
    }

    /// <summary>Throws for a failed shim call: the JS exception, or the limit that terminated execution.</summary>
    internal void Check(SyStatus status)
    {
        if (status == SyStatus.Ok) return;
        throw status == SyStatus.Exception ? ReadException() : TerminationException();
    }

    internal JsException ReadException()
    {
        SyExceptionInfo info;
        NativeMethods.Exception(Native, &info);
        return new JsException(new string(info.Name, 0, info.NameLength), new string(info.Message, 0, info.MessageLength),
            new string(info.Stack, 0, info.StackLength), new string(info.Resource, 0, info.ResourceLength), info.Line, info.Column);
    }

    internal void ThrowIfUnusable()
    {
        if (_memoryExceeded) throw new JsLimitException(JsLimitKind.Memory);
        if (CurrentInvocation is { CpuExceeded: true }) throw new JsLimitException(JsLimitKind.Cpu);
        if (CurrentInvocation is { Aborted: true }) throw new JsLimitException(JsLimitKind.Terminated);
    }

    private JsLimitException TerminationException()
    {
        switch (NativeMethods.TerminationReason(Native))
        {
            case SyTermination.Memory:
                _memoryExceeded = true;
                FailAwaits(_ => true, new JsLimitException(JsLimitKind.Memory));
                return new JsLimitException(JsLimitKind.Memory);
            case SyTermination.Cpu:
                CurrentInvocation?.MarkCpuExceeded();  // its awaits fail once the entry's CPU time is charged
                return new JsLimitException(JsLimitKind.Cpu);
            default:
                return new JsLimitException(JsLimitKind.Terminated);
        }
    }

    private void OnCpuExceeded(JsInvocation invocation)
    {
        invocation.MarkCpuExceeded();
        FailAwaits(a => ReferenceEquals(a.Invocation, invocation), new JsLimitException(JsLimitKind.Cpu));
    }

    private JsContext CreateContextInside()
    {
        ThrowIfUnusable();
        int id;
        SyStatus status;
        if (Runtime.HasSnapshot)
        {
            status = NativeMethods.ContextNew(Native, null, 0, null, 0, null, 0, &id);
        }
        else
        {
            string? bootstrap = Runtime.Bootstrap;
            fixed (char* source = bootstrap)
            fixed (char* name = Runtime.BootstrapName)
            {
                status = NativeMethods.ContextNew(Native, Runtime.NativeNames, Runtime.HostFunctions.Count, source,
                    bootstrap?.Length ?? 0, name, Runtime.BootstrapName.Length, &id);
            }
        }
        Check(status);
        var context = new JsContext(this, id);
        CurrentContext ??= context;
        return context;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}

/// <summary>Heap figures of one isolate.</summary>
public readonly record struct JsHeapInfo(long UsedHeapBytes, long TotalHeapBytes, long ExternalBytes, long ArrayBufferBytes);
