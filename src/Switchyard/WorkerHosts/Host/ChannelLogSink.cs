using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Telemetry;
using Switchyard.WorkerHosts.Ipc;
using Switchyard.WorkerHosts.Protocol;

namespace Switchyard.WorkerHosts.Host;

/// <summary>A worker host's console lines go to the server's log (its sinks), not to the host's own output.</summary>
internal sealed class ChannelLogSink(HostChannel channel) : IWorkerLogSink
{
    public void Write(WorkerLogEntry entry) => PlainCall.Notify(channel, HostMethods.Log, WireJson.Write(entry));
}
