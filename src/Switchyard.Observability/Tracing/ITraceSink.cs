namespace Switchyard.Observability.Tracing;

/// <summary>
/// Receives a <see cref="TraceEvent"/> for each ended invocation it wants. The runtime asks <see cref="Wants"/> when an
/// invocation starts and builds the event only if some sink said yes, so an untraced worker pays nothing.
/// </summary>
public interface ITraceSink
{
    /// <summary>Whether invocations of <paramref name="target"/> should be traced (called on the request path: keep it cheap).</summary>
    bool Wants(TraceTarget target);

    /// <summary>Takes one ended invocation's event. Called on the thread that ended it: must not block.</summary>
    void Publish(TraceEvent trace);
}
