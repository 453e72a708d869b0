using Switchyard.WorkerHosts.Protocol;

namespace Switchyard.WorkerHosts.Server;

/// <summary>
/// Shares the server's warm-memory budget (<c>--warm-memory-mb</c>) out among its worker hosts as their load moves.
/// A tenant's isolates all live in the host of its slot, so the even split each host starts with would leave one
/// account's many scripts (or a namespace whose busy scripts hash together) a fraction of the memory while the other
/// hosts' shares stand empty: with 2 hosts, 1,000 tenants of one account had half the budget, and with 16, a sixteenth.
/// </summary>
/// <remarks>
/// Each host counts as holding at least its floor, half its even share (what a host that turns busy can always grow
/// back to, evicting from the others), and what no host holds is split evenly on top of what each holds; no host gets
/// more than the total less the others' floors, whatever it reports. While the hosts keep within their budgets the
/// budgets sum to the total; a host over a lowered budget evicts down to it. So memory moves, a step per report, from
/// hosts that stop using it to those that need it. The cap on warm workers, when set, is shared the same way.
/// </remarks>
/// <param name="total">The warm-memory budget of all hosts together (<c>--warm-memory-mb</c>).</param>
/// <param name="cap">The cap on warm workers of all hosts together (<c>--max-warm-workers</c>); <see cref="int.MaxValue"/>: none.</param>
internal sealed class WarmBudgets(long total, int cap)
{
    private readonly Lock _gate = new();
    private long _sent;  // budgets sent, numbering them (under _gate)

    /// <summary>
    /// Moves the budget (and the cap, if one is set) towards the hosts that use it, after one of them reported its warm
    /// isolates: tells each host whose share moved (<see cref="HostMethods.Budget"/>). A host that has not reported yet
    /// counts as holding nothing; a new host (a restart) starts again from the even share its command line gave it.
    /// </summary>
    public void Rebalance(IReadOnlyList<WorkerHostProcess> hosts)
    {
        lock (_gate)
        {
            long[] bytes = Share(total, [.. hosts.Select(h => h.Grants.Warm.Sum(w => w.FootprintBytes))]);
            bool capped = cap != int.MaxValue;
            long[] counts = capped ? Share(cap, [.. hosts.Select(h => (long)h.Grants.Warm.Count)]) : [];
            for (int i = 0; i < hosts.Count; i++)
            {
                long toldBytes = hosts[i].WarmBudgetBytes > 0 ? hosts[i].WarmBudgetBytes : FirstBytes(total, hosts.Count);
                long toldCount = hosts[i].WarmInstanceCap > 0 ? hosts[i].WarmInstanceCap : FirstCount(cap, hosts.Count);
                if (!Moved(total, toldBytes, bytes[i]) && !(capped && Moved(cap, toldCount, counts[i]))) continue;
                hosts[i].WarmBudgetBytes = bytes[i];
                int? instances = capped ? (int)Math.Max(1, counts[i]) : null;
                if (instances is int c) hosts[i].WarmInstanceCap = c;
                PlainCall.Notify(hosts[i].Channel, HostMethods.Budget, WireJson.Write(new BudgetHead(++_sent, bytes[i], instances)));
            }
        }
    }

    /// <summary>The warm memory each of <paramref name="hosts"/> starts with (its command line's): an even share, in whole MiB, at least 16.</summary>
    public static long FirstBytes(long total, int hosts) => Math.Max(16, total / hosts / MiB) * MiB;

    /// <summary>The cap on warm workers each of <paramref name="hosts"/> starts with: an even share, at least 1.</summary>
    public static int FirstCount(int cap, int hosts) => Math.Max(1, cap / hosts);

    private const long MiB = 1024L * 1024;

    /// <param name="total">The budget of all hosts together.</param>
    /// <param name="held">What each host's warm isolates hold now, as it last reported.</param>
    public static long[] Share(long total, IReadOnlyList<long> held)
    {
        ArgumentOutOfRangeException.ThrowIfZero(held.Count);
        long floor = total / (2L * held.Count);
        long[] counted = [.. held.Select(bytes => Math.Max(bytes, floor))];
        long free = total - counted.Sum();
        // No host gets more than the others' floors leave, however much it says it holds.
        long most = total - (held.Count - 1) * floor;
        return [.. counted.Select(bytes => Math.Clamp(bytes + free / held.Count, floor, most))];
    }

    /// <summary>Whether a host's budget moved enough to tell it (a sixty-fourth of the total), so small moves cost no call.</summary>
    public static bool Moved(long total, long told, long share) => Math.Abs(share - told) >= Math.Max(1, total / 64);
}
