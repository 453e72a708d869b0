using Switchyard.Bench.Load;

namespace Switchyard.Bench.Tests;

public class MeasurementTests
{
    [Fact]
    public async Task Api_load_stops_at_its_operation_budget_and_counts_refusals_apart()
    {
        var calls = 0;
        var result = await ApiLoad.RunAsync(4, TimeSpan.FromMinutes(1), 100, (loop, n) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(new HttpResponseMessage(n % 10 == 0 ? System.Net.HttpStatusCode.Conflict : System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent(n % 10 == 0 ? "taken" : "ok"),
            });
        });
        Assert.Equal(100, calls);
        Assert.Equal((90, 10), (result.Operations, result.Errors));
        Assert.Equal("409 taken", result.FirstError);
    }

    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var sample = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToList();
        Assert.Equal(50, Percentiles.Of(sample, 0.5));
        Assert.Equal(99, Percentiles.Of(sample, 0.99));
        Assert.Equal(100, Percentiles.Of(sample, 1));
        Assert.Equal(7, Percentiles.Of([7], 0.99));
        Assert.Throws<ArgumentException>(() => Percentiles.Of([], 0.5));
    }

    [Fact]
    public void Wrk_report_line_becomes_a_result_with_every_error_counted()
    {
        var output = "Running 3s test @ http://127.0.0.1:1/\n" +
                     "WRK_JSON {\"requests\":3000,\"duration_us\":1500000,\"bytes\":9,\"p50_us\":1250,\"p99_us\":8000," +
                     "\"connect\":1,\"read\":2,\"write\":0,\"status\":4,\"timeout\":0}\n";
        var result = Wrk.Parse(output)!;
        Assert.Equal(2000, result.RequestsPerSecond);
        Assert.Equal(1.25, result.P50Ms);
        Assert.Equal(8, result.P99Ms);
        Assert.Equal(7, result.Errors);
        Assert.Equal(1.5, result.Seconds);
        Assert.Null(Wrk.Parse("unable to connect to 127.0.0.1:1 Connection refused"));
    }

    [Fact]
    public void Rounds_combine_into_the_throughput_over_all_of_them_and_the_median_rounds_percentiles()
    {
        LoadResult[] rounds =
        [
            new(1000, 1.0, 9.0, 5000, 1, 5),
            new(3000, 0.5, 4.0, 9000, 0, 3),
            new(2000, 2.0, 6.0, 10000, 2, 5),
        ];

        var combined = LoadResult.Combine(rounds);

        Assert.Equal(24000 / 13.0, combined.RequestsPerSecond, 6);
        Assert.Equal((1.0, 6.0, 24000L, 3L, 13.0), (combined.P50Ms, combined.P99Ms, combined.Requests, combined.Errors, combined.Seconds));
        Assert.Equal(rounds[1], LoadResult.Combine([rounds[1]]));
        Assert.Throws<ArgumentException>(() => LoadResult.Combine([]));
    }
}
