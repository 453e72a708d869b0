namespace Switchyard.Runtime.Routing;

/// <summary>Which kind of binding a worker called another worker through.</summary>
public enum BindingCallKind
{
    /// <summary><c>env.SERVICE.fetch()</c> or an RPC method of it: an account-level worker of the caller's account.</summary>
    Service,
    /// <summary><c>env.DISPATCHER.get(script).fetch()</c> or an RPC method: a script of a bound dispatch namespace.</summary>
    Dispatch,
    /// <summary>A dispatched user worker's <c>fetch()</c>, answered by its dispatcher's outbound worker.</summary>
    Outbound,
}

/// <summary>
/// A worker's call of another worker, as its caller states it: the binding by name (resolved against the caller's own
/// version by <see cref="BindingTargets"/>, wherever that runs), the caller's nesting depth and ray, and what the
/// binding kind needs. Crosses from a worker host to the server, so it names, and never carries, the target.
/// </summary>
public sealed record BindingCall(BindingCallKind Kind, string BindingName, int CallerDepth, string? RayId)
{
    /// <summary>Dispatch: the script and the limits the dispatcher asked for.</summary>
    public DispatchTarget? Target { get; init; }

    /// <summary>Outbound: where the dispatched worker's subrequests go (set by its dispatcher's binding).</summary>
    public OutboundRoute? Outbound { get; init; }

    /// <summary>A JS RPC method of the target and its encoded arguments; null method: a fetch.</summary>
    public string? Method { get; init; }
    public string? Arguments { get; init; }

    /// <summary>The caller's <see cref="InvocationSettings.Ticket"/>: in a worker host, the invocation the call is made for.</summary>
    public long? Ticket { get; init; }
}
