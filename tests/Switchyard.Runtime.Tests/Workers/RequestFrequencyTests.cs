using Switchyard.Runtime.Workers;

namespace Switchyard.Runtime.Tests.Workers;

public class RequestFrequencyTests
{
    [Fact]
    public void Counts_each_version_and_knows_nothing_of_others()
    {
        var frequency = new RequestFrequency();
        for (int i = 0; i < 3; i++) frequency.Count("a");
        frequency.Count("b");

        Assert.Equal(3, frequency.Estimate("a"));
        Assert.Equal(1, frequency.Estimate("b"));
        Assert.Equal(0, frequency.Estimate("never"));
    }

    [Fact]
    public void Halving_forgets_old_traffic_so_a_new_favourite_overtakes_an_old_one()
    {
        var frequency = new RequestFrequency();
        for (int i = 0; i < 1000; i++) frequency.Count("old");
        for (int i = 0; i < 3 * RequestFrequency.MinSamplePeriod; i++) frequency.Count("new");

        Assert.True(frequency.Estimate("new") > frequency.Estimate("old"),
            $"new {frequency.Estimate("new")}, old {frequency.Estimate("old")}");
        Assert.InRange(frequency.Estimate("old"), 1, 1000 / 4);
    }

    [Fact]
    public void Versions_not_requested_for_a_while_are_dropped()
    {
        var frequency = new RequestFrequency();
        frequency.Count("once");
        for (int i = 0; i < 2 * RequestFrequency.MinSamplePeriod; i++) frequency.Count("busy");

        Assert.Equal(0, frequency.Estimate("once"));
        Assert.Equal(1, frequency.Tracked);
    }
}
