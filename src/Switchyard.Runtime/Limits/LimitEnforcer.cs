using Switchyard.Engine;
using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Limits;

/// <summary>
/// Every limit of one invocation, in one place (workerd's <c>LimitEnforcer</c> is the model). The host functions and
/// bindings that do work for an invocation ask it before and while they work: whether the invocation may do I/O at all
/// (not in global scope), whether a subrequest still fits, whether long host work must stop (CPU spent, client gone);
/// and it records the limit failure the invocation must end with even if its code caught the error. The CPU budget is
/// <see cref="Invocation"/>'s, charged by the engine's watchdog for all work on the isolate's thread, host functions
/// included; memory is the isolate's (engine). docs/security.md has the table of every limit and where it is checked.
/// </summary>
internal sealed class LimitEnforcer(int subrequestLimit, CancellationToken clientGone, bool isStartup = false)
{
    private int _subrequests;

    /// <summary>The text Cloudflare's runtime throws for I/O, timers and random values in global scope.</summary>
    public const string GlobalScopeMessage = "Disallowed operation called within global scope. Asynchronous I/O (ex: fetch() or "
        + "connect()), setting a timeout, and generating random values are not allowed within global scope. To fix this "
        + "error, perform this operation within a handler. https://developers.cloudflare.com/workers/runtime-apis/handlers/";

    /// <summary>
    /// The worker's global code (its start-up), not a request: as on Cloudflare it may do no I/O, set no timer and
    /// generate no random values, so nothing it awaits can settle later.
    /// </summary>
    public bool IsStartup { get; } = isStartup;

    /// <summary>Cancelled when the client has gone (what <c>request.signal</c> follows). Host work follows <see cref="HostWork"/>.</summary>
    public CancellationToken ClientGone { get; } = clientGone;

    private CancellationTokenSource? _hostWork;
    private CancellationTokenRegistration _clientGoneRegistration;
    private volatile bool _keepsWaitUntilWork;

    /// <summary>
    /// Cancelled when the invocation's host work (its fetches, sockets, body reads, nested invocations) must stop: when
    /// its client goes, unless it has registered waitUntil work, for which Cloudflare keeps the request's context, and so
    /// all its I/O, alive; then when the grace period ends it (<see cref="EndHostWork"/>). Made on first use: an
    /// invocation that does no I/O pays nothing for it.
    /// </summary>
    public CancellationToken HostWork
    {
        get
        {
            if (Volatile.Read(ref _hostWork) is { } made) return made.Token;
            // Work asked for after the invocation is over (a promise nobody awaited) has nothing left to serve.
            if (_finished) return new CancellationToken(canceled: true);
            var source = new CancellationTokenSource();
            if (Interlocked.CompareExchange(ref _hostWork, source, null) is { } other)
            {
                source.Dispose();
                return other.Token;
            }
            _clientGoneRegistration = ClientGone.UnsafeRegister(static state => ((LimitEnforcer)state!).OnClientGone(), this);
            return source.Token;
        }
    }

    /// <summary>Whether host work must stop now (without making <see cref="HostWork"/>'s source).</summary>
    private bool HostWorkEnded => Volatile.Read(ref _hostWork) is { } made
        ? made.IsCancellationRequested
        : ClientGone.IsCancellationRequested && !_keepsWaitUntilWork;

    /// <summary>The worker called <c>waitUntil()</c>: if its client goes, its host work carries on until the grace period ends.</summary>
    public void KeepWaitUntilWork() => _keepsWaitUntilWork = true;

    private void OnClientGone()
    {
        if (!_keepsWaitUntilWork) _hostWork?.Cancel();
    }

    /// <summary>Stops the invocation's host work (its grace period is over, or it ended).</summary>
    public void EndHostWork()
    {
        _ = HostWork;
        Volatile.Read(ref _hostWork)?.Cancel();
    }

    /// <summary>Set when a limit was hit inside a host call; the invocation fails with it even if the worker caught the error.</summary>
    public WorkerException? Failure { get; private set; }

    public void Fail(WorkerException failure) => Failure ??= failure;

    private volatile bool _finished;

    /// <summary>True once the invocation is over (its response and its waitUntil work done): nothing is left to end.</summary>
    public bool IsFinished => _finished;

    public void Finish()
    {
        _finished = true;
        Volatile.Read(ref _over)?.TrySetResult();
        _clientGoneRegistration.Dispose();  // the client's token outlives the invocation; its callback must not
    }

    private TaskCompletionSource? _over;

    /// <summary>Completes when the invocation is over (<see cref="Finish"/>): for host work that waits on the client.</summary>
    public Task Over
    {
        get
        {
            TaskCompletionSource over = LazyInitializer.EnsureInitialized(ref _over, () => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            if (_finished) over.TrySetResult();  // finished before it was asked for
            return over.Task;
        }
    }

    /// <summary>Throws <see cref="GlobalScopeMessage"/> at start-up: for host functions that do I/O, set timers or draw entropy.</summary>
    public void RequireHandler()
    {
        if (IsStartup) throw new InvalidOperationException(GlobalScopeMessage);
    }

    /// <summary>The subrequests counted so far, refused ones included (for the metrics).</summary>
    public int Subrequests => Volatile.Read(ref _subrequests);

    private int _kvOperations;

    /// <summary>KV operations made so far (for the metrics; KV has no per-invocation limit here).</summary>
    public int KvOperations => Volatile.Read(ref _kvOperations);

    public void CountKvOperation() => Interlocked.Increment(ref _kvOperations);

    /// <summary>
    /// Counts one subrequest (a <c>fetch()</c>, refused or not, or a call through an outbound worker); false past the
    /// limit, with the invocation marked failed.
    /// </summary>
    public bool TryCountSubrequest()
    {
        if (Interlocked.Increment(ref _subrequests) <= subrequestLimit) return true;
        Fail(new WorkerException(WorkerFailure.SubrequestLimit, WorkerException.SubrequestLimitMessage));
        return false;
    }

    /// <summary>
    /// Outbound connections of one invocation that may wait for their response at once (Cloudflare's "simultaneous open
    /// connections" limit, 6). Since April 2026 Cloudflare counts a connection only until its response headers arrive
    /// (a body being read no longer holds a place), so the limit can queue work but never deadlock it.
    /// </summary>
    public const int ConnectionsWaitingForResponse = 6;

    private SemaphoreSlim? _connecting;

    /// <summary>
    /// Waits for one of the <see cref="ConnectionsWaitingForResponse"/> places (a <c>fetch()</c> to the network holds it
    /// until its response headers, a <c>connect()</c> until its socket is open); dispose the result to give it back. A
    /// seventh request waits here, costing no CPU, and stops waiting when <paramref name="ct"/> is cancelled.
    /// </summary>
    public async ValueTask<ConnectionPlace> EnterConnectionAsync(CancellationToken ct)
    {
        SemaphoreSlim places = LazyInitializer.EnsureInitialized(ref _connecting, () => new SemaphoreSlim(ConnectionsWaitingForResponse));
        await places.WaitAsync(ct).ConfigureAwait(false);
        return new ConnectionPlace(places);
    }

    /// <summary>
    /// The checkpoint of long host work done on the isolate's thread (large key generation): stops the work, and the
    /// invocation's JS, once its CPU budget is spent or its host work has ended (<see cref="HostWork"/>). The watchdog
    /// alone stops JS, not C#.
    /// </summary>
    public void CheckpointHostWork(JsIsolate isolate)
    {
        isolate.ThrowIfCpuSpent();
        if (HostWorkEnded && isolate.CurrentInvocation is { } invocation)
        {
            // Recorded first, so that the termination below is reported as what it is (outcome "canceled"), not as
            // the CPU overrun every other termination of running code is.
            Fail(new WorkerException(WorkerFailure.Canceled, WorkerException.CanceledMessage));
            isolate.Abort(invocation);
            throw new JsLimitException(JsLimitKind.Terminated);
        }
    }

    /// <summary>Worker-to-worker nesting (service bindings, dispatch, outbound workers) past <paramref name="max"/> levels is a loop: 1019.</summary>
    public static void CheckNesting(int depth, int max)
    {
        if (depth > max)
            throw new WorkerException(WorkerFailure.LoopLimit, "Worker invocations nested too deeply (a loop of service or dispatch bindings?).");
    }
}
