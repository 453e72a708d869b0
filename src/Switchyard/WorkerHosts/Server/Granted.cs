using Switchyard.Storage.Scripts;

namespace Switchyard.WorkerHosts.Server;

/// <summary>A version a host was sent to run, the worker it ran as, and when it last was (for <see cref="HostGrants.PruneIdle"/>).</summary>
internal sealed class Granted(WorkerRef worker, DeployedVersion version)
{
    private long _lastUsed;

    public WorkerRef Worker { get; } = worker;
    public DeployedVersion Version { get; } = version;

    /// <summary>When the server last sent an invocation of it (<see cref="Environment.TickCount64"/> milliseconds).</summary>
    public long LastUsed => Volatile.Read(ref _lastUsed);

    public void Used(long now) => Volatile.Write(ref _lastUsed, now);
}
