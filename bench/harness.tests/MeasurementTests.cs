using Switchyard.Bench.Load;

namespace Switchyard.Bench.Tests;

public class MeasurementTests
{
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
        Assert.Null(Wrk.Parse("unable to connect to 127.0.0.1:1 Connection refused"));
    }
}
