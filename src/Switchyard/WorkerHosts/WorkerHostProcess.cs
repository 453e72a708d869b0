using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Switchyard.WorkerHosts.Ipc;

namespace Switchyard.WorkerHosts;

/// <summary>
/// One worker host process as the server sees it: the same executable started as <c>switchyard worker-host
/// --channel-fd N</c>, given one end of a Unix socket pair (its only way to the server; it enters
/// <see cref="ProcessSandbox"/> before serving) and talked to over a <see cref="HostChannel"/> on the other end.
/// <see cref="Exited"/> completes when the process is gone, however it went.
/// </summary>
internal sealed partial class WorkerHostProcess : IAsyncDisposable
{
    // Process.Start passes on every descriptor not marked close-on-exec: the child's end is unmarked only while one
    // host starts, so no other child inherits it.
    private static readonly Lock Spawning = new();

    private readonly Process _process;

    private WorkerHostProcess(Process process, HostChannel channel, Server.HostGrants grants)
    {
        _process = process;
        Channel = channel;
        Grants = grants;
        grants.ProcessId = process.Id;
        Exited = process.WaitForExitAsync();
    }

    public HostChannel Channel { get; }

    /// <summary>What this host may ask the server for (what it was sent to run).</summary>
    public Server.HostGrants Grants { get; }
    public int ProcessId => _process.Id;
    public Task Exited { get; }

    /// <summary>The warm-memory budget the server last told this host (<see cref="Server.WarmBudgets"/>); 0 until it has.</summary>
    public long WarmBudgetBytes { get; set; }

    /// <summary>The cap on warm instances the server last told this host; 0 until it has (or with no cap).</summary>
    public int WarmInstanceCap { get; set; }

    /// <param name="command">How to start this executable (the apphost, or <c>dotnet</c> with the assembly), then its arguments.</param>
    /// <param name="onCall">Answers the host's calls to the server, given the host's grants.</param>
    /// <param name="hostArguments">Options of the <c>worker-host</c> command (the runtime's limits).</param>
    public static WorkerHostProcess Start(IReadOnlyList<string> command, Func<Server.HostGrants, ChannelCall, Task> onCall,
        IReadOnlyList<string>? hostArguments = null)
    {
        var grants = new Server.HostGrants();
        Span<int> ends = stackalloc int[2];
        if (socketpair(AfUnix, SockStream | SockCloexec, 0, ends) != 0)
            throw new IOException($"socketpair failed: {Marshal.GetLastPInvokeErrorMessage()}");
        var serverEnd = new Socket(new SafeSocketHandle(ends[0], ownsHandle: true));
        Process process;
        try
        {
            var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
            foreach (string arg in command.Skip(1)) start.ArgumentList.Add(arg);
            start.ArgumentList.Add("worker-host");
            start.ArgumentList.Add("--channel-fd");
            start.ArgumentList.Add(ends[1].ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (string arg in hostArguments ?? []) start.ArgumentList.Add(arg);
            lock (Spawning)
            {
                if (fcntl(ends[1], FSetFd, 0) != 0) throw new IOException($"fcntl failed: {Marshal.GetLastPInvokeErrorMessage()}");
                process = Process.Start(start) ?? throw new InvalidOperationException("The worker host did not start.");
            }
        }
        catch
        {
            serverEnd.Dispose();
            throw;
        }
        finally
        {
            close(ends[1]);  // the child has its copy
        }
        var channel = new HostChannel(new NetworkStream(serverEnd, ownsSocket: true), oddIds: false, call => onCall(grants, call));
        channel.Start();
        return new WorkerHostProcess(process, channel, grants);
    }

    /// <summary>Ends the host at once (SIGKILL): what it was doing fails, as when it crashes.</summary>
    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        await Channel.DisposeAsync().ConfigureAwait(false);  // a host exits when its channel closes
        if (await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false) != Exited) _process.Kill();
        _process.Dispose();
    }

    private const int AfUnix = 1;
    private const int SockStream = 1;
    private const int SockCloexec = 0x80000;
    private const int FSetFd = 2;

    [LibraryImport("libc", SetLastError = true)] private static partial int socketpair(int domain, int type, int protocol, Span<int> ends);
    [LibraryImport("libc", SetLastError = true)] private static partial int fcntl(int fd, int command, int argument);
    [LibraryImport("libc")] private static partial int close(int fd);
}
