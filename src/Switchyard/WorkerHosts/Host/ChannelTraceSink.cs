using Switchyard.Observability.Tracing;
using Switchyard.WorkerHosts.Ipc;
using Switchyard.WorkerHosts.Protocol;

namespace Switchyard.WorkerHosts.Host;

/// <summary>
/// A worker host's traces go to the server, whose sinks (tails, the invocation log) publish them. Which invocations are
/// traced the server decides as it sends each (<see cref="Runtime.Invocation.InvocationSettings.Traced"/>), so this sink
/// wants nothing by itself.
/// </summary>
internal sealed class ChannelTraceSink(HostChannel channel) : ITraceSink
{
    public bool Wants(TraceTarget target) => false;

    public void Publish(TraceEvent trace) => PlainCall.Notify(channel, HostMethods.Trace, WireJson.Write(trace));
}
