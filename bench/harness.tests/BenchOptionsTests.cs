namespace Switchyard.Bench.Tests;

public class BenchOptionsTests
{
    private static readonly string[] Paths = ["--switchyard", "s.dll", "--ceiling", "c.dll", "--workerd", "w", "--wrk", "k", "--out", "o"];

    [Fact]
    public void Worker_hosts_default_to_serve_s_own_default_and_are_always_explicit()
    {
        var options = BenchOptions.Parse(Paths);
        // serve's default (ServerOptions.DefaultWorkerHosts): one per core, 2 to 16.
        Assert.Equal(Math.Clamp(Environment.ProcessorCount, 2, 16), options.WorkerHosts);
        Assert.True(options.ComparesInProcess);
        Assert.Empty(options.SwitchyardArgs);
    }

    [Theory]
    [InlineData("--worker-hosts 3 --max-warm-workers 10")]
    [InlineData("--max-warm-workers 10 --worker-hosts=3")]
    public void A_count_in_switchyard_args_is_taken_out_of_them(string serveArgs)
    {
        var options = BenchOptions.Parse([.. Paths, "--switchyard-args", serveArgs]);
        Assert.Equal(3, options.WorkerHosts);
        Assert.Equal(["--max-warm-workers", "10"], options.SwitchyardArgs);
    }

    [Fact]
    public void In_process_alone_has_nothing_to_compare_with()
    {
        var options = BenchOptions.Parse([.. Paths, "--switchyard-args", "--worker-hosts 0"]);
        Assert.Equal(0, options.WorkerHosts);
        Assert.False(options.ComparesInProcess);
    }

    [Theory]
    [InlineData("--worker-hosts")]
    [InlineData("--worker-hosts many")]
    [InlineData("--worker-hosts=-1")]
    public void A_worker_host_count_that_is_not_one_is_refused(string serveArgs) =>
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse([.. Paths, "--switchyard-args", serveArgs]));
}
