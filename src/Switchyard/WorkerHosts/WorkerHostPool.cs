using Switchyard.WorkerHosts.Ipc;

namespace Switchyard.WorkerHosts;

/// <summary>
/// The server's worker host processes: a fixed number of slots, each holding one <see cref="WorkerHostProcess"/>, plus
/// one spare started ahead. A host that exits (crashed, killed, or its channel broke) is replaced in its slot by the
/// spare at once (a host takes about a second to start here, most of it the runtime's own start-up), and a new spare is
/// started behind it; the tenants of that slot are served again by its replacement while the other slots carry on.
/// </summary>
internal sealed class WorkerHostPool : IAsyncDisposable
{
    private readonly IReadOnlyList<string> _command;
    private readonly IReadOnlyList<string> _hostArguments;
    private readonly Func<Server.HostGrants, ChannelCall, Task> _onCall;
    private readonly WorkerHostProcess[] _slots;
    private WorkerHostProcess? _spare;
    private readonly CancellationTokenSource _stopping = new();
    private int _restarts;

    public WorkerHostPool(int count, IReadOnlyList<string> command, Func<Server.HostGrants, ChannelCall, Task> onCall,
        IReadOnlyList<string>? hostArguments = null)
    {
        _command = command;
        _hostArguments = hostArguments ?? [];
        _onCall = onCall;
        _slots = new WorkerHostProcess[count];
        for (int i = 0; i < count; i++) Watch(i, WorkerHostProcess.Start(_command, _onCall, _hostArguments));
        _spare = WorkerHostProcess.Start(_command, _onCall, _hostArguments);
    }

    public int Count => _slots.Length;

    /// <summary>How many hosts have been started again after exiting.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>The host now in <paramref name="slot"/>.</summary>
    public WorkerHostProcess this[int slot] => Volatile.Read(ref _slots[slot]);

    /// <summary>The hosts now in the slots, in slot order.</summary>
    public WorkerHostProcess[] Hosts() => [.. Enumerable.Range(0, _slots.Length).Select(slot => this[slot])];

    private void Watch(int slot, WorkerHostProcess host)
    {
        Volatile.Write(ref _slots[slot], host);
        _ = Task.WhenAny(host.Exited, host.Channel.Completion).ContinueWith(async _ =>
        {
            if (_stopping.IsCancellationRequested) return;
            WorkerHostProcess? spare = Interlocked.Exchange(ref _spare, null);
            // A spare that died unnoticed is no replacement.
            if (spare is not null && (spare.Exited.IsCompleted || spare.Channel.Completion.IsCompleted))
            {
                await spare.DisposeAsync().ConfigureAwait(false);
                spare = null;
            }
            Interlocked.Increment(ref _restarts);
            Watch(slot, spare ?? WorkerHostProcess.Start(_command, _onCall, _hostArguments));
            await host.DisposeAsync().ConfigureAwait(false);
            if (_stopping.IsCancellationRequested) return;
            WorkerHostProcess next = WorkerHostProcess.Start(_command, _onCall, _hostArguments);
            if (Interlocked.CompareExchange(ref _spare, next, null) is not null || _stopping.IsCancellationRequested)
                await next.DisposeAsync().ConfigureAwait(false);
        }, TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        foreach (WorkerHostProcess host in _slots) await host.DisposeAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _spare, null) is { } spare) await spare.DisposeAsync().ConfigureAwait(false);
    }
}
