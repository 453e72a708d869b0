namespace Switchyard.Runtime.Invocation;

/// <summary>How a worker invocation failed, mapped by the edge to Cloudflare's error pages.</summary>
public enum WorkerFailure
{
    /// <summary>An uncaught exception (error 1101, "Worker threw exception").</summary>
    Exception,
    /// <summary>CPU time limit exceeded (error 1102).</summary>
    CpuLimit,
    /// <summary>Memory limit exceeded (error 1102).</summary>
    MemoryLimit,
    /// <summary>Too many subrequests (error 1102).</summary>
    SubrequestLimit,
    /// <summary>Too many nested worker invocations (error 1019).</summary>
    LoopLimit,
    /// <summary>The client disconnected and the invocation was ended (outcome "canceled"; nobody sees a page).</summary>
    Canceled,
}

/// <summary>A failed worker invocation. <see cref="Exception.Message"/> is the text Cloudflare uses for the failure.</summary>
public sealed class WorkerException(WorkerFailure failure, string message, string? jsStack = null, Exception? inner = null)
    : Exception(message, inner)
{
    public WorkerFailure Failure { get; } = failure;

    /// <summary>The JavaScript stack of an uncaught exception, for the log (never shown to clients).</summary>
    public string? JsStack { get; } = jsStack;

    /// <summary>
    /// The worker called <c>ctx.passThroughOnException()</c> before it threw: the edge answers from the origin it
    /// would otherwise fall back to (static assets) instead of an error page.
    /// </summary>
    public bool PassThroughOnException { get; init; }

    /// <summary>
    /// The message of what an uncaught exception threw (<c>error.message</c>): a dispatcher's <c>fetch()</c> rejects
    /// with it, as workerd tunnels a user worker's exception to its dispatcher.
    /// </summary>
    public string? ErrorMessage { get; init; }

    public bool IsLimit => Failure is WorkerFailure.CpuLimit or WorkerFailure.MemoryLimit or WorkerFailure.SubrequestLimit;

    public const string CpuLimitMessage = "Worker exceeded CPU time limit.";
    public const string CanceledMessage = "The client disconnected before the worker responded.";
    public const string StartupCpuLimitMessage = "Script startup exceeded CPU time limit.";
    public const string MemoryLimitMessage = "Worker exceeded memory limit.";
    public const string SubrequestLimitMessage = "Too many subrequests.";

    /// <summary>The limit failure a limit message names (a dispatcher let a user worker's limit error go uncaught).</summary>
    public static WorkerException ForLimitMessage(string message) => new(message switch
    {
        MemoryLimitMessage => WorkerFailure.MemoryLimit,
        SubrequestLimitMessage => WorkerFailure.SubrequestLimit,
        _ => WorkerFailure.CpuLimit,
    }, message);
}
