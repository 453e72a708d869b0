using System.Collections.Concurrent;
using Switchyard.Storage.Scripts;

namespace Switchyard.WorkerHosts.Server;

/// <summary>
/// The invocations a worker host runs, by the ticket the server issued with each (<see cref="Runtime.Invocation.InvocationSettings.Ticket"/>).
/// The host names the ticket in every subrequest and binding call it makes for an invocation, and hands it back with the
/// invocation's metrics record once the invocation is over (its response and its waitUntil work done). So the server
/// takes an invocation's depth from what it sent, not from what the host says, counts its subrequests against its limit
/// itself, and refuses calls for invocations that are not running: a compromised host reaches no further than the
/// invocations it was sent, each within its limits, rather than making calls in its tenants' names at will.
/// <para>
/// An honest host hands every ticket back within a metrics interval of the invocation's end. One that does not (a
/// compromised host; or an invocation the host could not start) would leave tickets here: past <see cref="MaxLive"/>, the
/// older half is dropped (their invocations, if still running, can make no more calls; the refusals are logged).
/// </para>
/// </summary>
internal sealed class HostTickets
{
    /// <summary>The most tickets kept per host: far above what an honest host has out at once (its in-flight invocations).</summary>
    public const int MaxLive = 1 << 18;

    private readonly ConcurrentDictionary<long, InvocationTicket> _live = new();
    // How many tickets are out, kept beside the dictionary: its Count takes every one of its locks, too dear to read
    // on each invocation.
    private int _out;
    private long _last;
    private int _dropping;

    /// <summary>The tickets out now (invocations running, or ended and not yet reported).</summary>
    public int Count => Volatile.Read(ref _out);

    /// <summary>A ticket for an invocation of <paramref name="worker"/>'s <paramref name="versionId"/> about to be sent to the host.</summary>
    public long Issue(WorkerRef worker, string versionId, int depth, int subrequestLimit)
    {
        long id = Interlocked.Increment(ref _last);
        _live[id] = new InvocationTicket(worker, versionId, depth, subrequestLimit);
        if (Interlocked.Increment(ref _out) > MaxLive) DropOlderHalf(id);
        return id;
    }

    /// <summary>The running invocation <paramref name="ticket"/> names; null when there is none.</summary>
    public InvocationTicket? Find(long? ticket) => ticket is long id ? _live.GetValueOrDefault(id) : null;

    /// <summary>The invocation is over: calls naming its ticket are refused from now on.</summary>
    public void Return(long ticket)
    {
        if (_live.TryRemove(ticket, out _)) Interlocked.Decrement(ref _out);
    }

    // Tickets are numbered in the order issued: the lower half of the ids out are the older.
    private void DropOlderHalf(long newest)
    {
        if (Interlocked.Exchange(ref _dropping, 1) == 1) return;
        try
        {
            long below = newest - MaxLive / 2;
            foreach (long id in _live.Keys)
                if (id < below) Return(id);
        }
        finally
        {
            Volatile.Write(ref _dropping, 0);
        }
    }
}
