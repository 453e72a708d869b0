using Switchyard.WorkerHosts.Ipc;

namespace Switchyard.WorkerHosts;

/// <summary>
/// The server's worker host processes: a fixed number of slots, each holding one <see cref="WorkerHostProcess"/>; a host
/// that exits (crashed, killed, or its channel broke) is started again in its slot at once, so the tenants spread over
/// that slot are served again by its replacement while the other slots carry on untouched.
/// </summary>
internal sealed class WorkerHostPool : IAsyncDisposable
{
    private readonly IReadOnlyList<string> _command;
    private readonly Func<ChannelCall, Task> _onCall;
    private readonly WorkerHostProcess[] _slots;
    private readonly CancellationTokenSource _stopping = new();
    private int _restarts;

    public WorkerHostPool(int count, IReadOnlyList<string> command, Func<ChannelCall, Task> onCall)
    {
        _command = command;
        _onCall = onCall;
        _slots = new WorkerHostProcess[count];
        for (int i = 0; i < count; i++) StartSlot(i);
    }

    public int Count => _slots.Length;

    /// <summary>How many hosts have been started again after exiting.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>The host now in <paramref name="slot"/>.</summary>
    public WorkerHostProcess this[int slot] => Volatile.Read(ref _slots[slot]);

    private void StartSlot(int slot)
    {
        WorkerHostProcess host = WorkerHostProcess.Start(_command, _onCall);
        Volatile.Write(ref _slots[slot], host);
        _ = Task.WhenAny(host.Exited, host.Channel.Completion).ContinueWith(async _ =>
        {
            if (_stopping.IsCancellationRequested) return;
            await host.DisposeAsync().ConfigureAwait(false);
            if (_stopping.IsCancellationRequested) return;
            Interlocked.Increment(ref _restarts);
            StartSlot(slot);
        }, TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        foreach (WorkerHostProcess host in _slots) await host.DisposeAsync().ConfigureAwait(false);
    }
}
