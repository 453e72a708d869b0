using System.CommandLine;
using System.Net.Sockets;
using Switchyard.Runtime.Invocation;
using Switchyard.WorkerHosts;
using Switchyard.WorkerHosts.Host;

namespace Switchyard.Cli;

/// <summary>
/// <c>switchyard worker-host --channel-fd N</c> (hidden: the server starts it, see <see cref="WorkerHostProcess"/>):
/// takes the inherited socket <c>N</c> as its channel to the server, builds its Workers runtime
/// (<see cref="HostRuntime"/>), enters the sandbox, and runs the invocations the server sends until the channel closes
/// (the server stopped or dropped it), then exits. The other options are the runtime's limits, passed on by the server.
/// </summary>
public static class WorkerHostCommand
{
    public static Command Create()
    {
        var fd = new Option<int>("--channel-fd") { Description = "The inherited Unix socket connected to the server", Required = true };
        var heapMb = new Option<int?>("--heap-limit-mb") { Description = "Heap limit of one isolate" };
        var warmMb = new Option<int?>("--warm-memory-mb") { Description = "Memory this host's warm isolates may hold" };
        var maxWarm = new Option<int?>("--max-warm-workers") { Description = "Most warm isolates this host keeps" };
        var cacheMb = new Option<int?>("--cache-memory-mb") { Description = "Memory of this host's Cache API store" };
        var command = new Command("worker-host", "Run as a worker host process of a server (started by the server)") { fd, heapMb, warmMb, maxWarm, cacheMb };
        command.Hidden = true;
        command.SetAction(async parse =>
        {
            var defaults = new RuntimeOptions();
            const long MiB = 1024L * 1024;
            var options = new RuntimeOptions
            {
                HeapLimitBytes = parse.GetValue(heapMb) is int heap ? heap * MiB : defaults.HeapLimitBytes,
                InstanceMemoryBudgetBytes = parse.GetValue(warmMb) is int warm ? warm * MiB : defaults.InstanceMemoryBudgetBytes,
                MaxInstances = parse.GetValue(maxWarm) ?? defaults.MaxInstances,
                CacheCapacityBytes = parse.GetValue(cacheMb) is int cache ? cache * MiB : defaults.CacheCapacityBytes,
                LowPriorityIsolateMakers = false,
            };
            var socket = new Socket(new SafeSocketHandle(parse.GetValue(fd), ownsHandle: true));
            await using var host = new HostRuntime(new NetworkStream(socket, ownsSocket: true), options);
            ProcessSandbox.Enter(new SandboxOptions());
            await host.RunAsync().ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
