using Switchyard.WorkerHosts.Server;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Hosting;

/// <summary>How the server shares its warm-memory budget out among its worker hosts (<see cref="WarmBudgets"/>).</summary>
public sealed class WarmBudgetsTests
{
    [Fact]
    public void Idle_hosts_share_evenly() => Assert.Equal([32L, 32L], WarmBudgets.Share(64, [0, 0]));

    [Fact]
    public void A_busy_host_gets_what_the_idle_ones_leave_but_their_floors()
    {
        // Floors of 16 (half the even share): the idle host counts as holding 16, and the 8 nobody holds is split.
        Assert.Equal([44L, 20L], WarmBudgets.Share(64, [40, 0]));
        // Converged: the busy host holds all but the idle one's floor.
        Assert.Equal([48L, 16L], WarmBudgets.Share(64, [48, 0]));
    }

    [Fact]
    public void Hosts_over_the_total_are_pared_back_evenly_but_never_below_their_floor()
    {
        long[] shares = WarmBudgets.Share(64, [60, 30]);
        Assert.Equal([47L, 17L], shares);
        Assert.Equal([16L, 16L], WarmBudgets.Share(64, [0, 0, 0, 0]).Take(2));
        Assert.Equal([40L, 8L, 8L, 8L], WarmBudgets.Share(64, [100, 10, 0, 0]));
    }

    [Fact]
    public void A_host_that_reports_more_than_all_gets_no_more_than_the_others_floors_leave() =>
        Assert.Equal([48L, 16L], WarmBudgets.Share(64, [1000, 0]));

    [Fact]
    public void Budgets_sum_to_the_total_while_the_hosts_keep_within_them()
    {
        long[] held = [10, 0, 3];
        for (int step = 0; step < 20; step++)
        {
            long[] shares = WarmBudgets.Share(600, held);
            Assert.InRange(shares.Sum(), 600 - shares.Length, 600);
            held = [shares[0], held[1], Math.Min(shares[2], 150)];  // the first fills its budget, the third needs 150
        }
        Assert.InRange(held[0], 340, 350);
    }

    [Fact]
    public void Small_moves_are_not_told()
    {
        Assert.False(WarmBudgets.Moved(6400, 3200, 3250));
        Assert.True(WarmBudgets.Moved(6400, 3200, 3300));
        Assert.True(WarmBudgets.Moved(6400, 3200, 3100));
    }
}
