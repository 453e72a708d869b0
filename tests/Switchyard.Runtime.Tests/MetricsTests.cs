using System.Diagnostics.Metrics;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Telemetry;
using Switchyard.Storage.Scripts;
using Xunit;

namespace Switchyard.Runtime.Tests;

/// <summary>The cap on label sets: past it, scripts are counted under "(other)" in all three labels.</summary>
public sealed class MetricsTests
{
    [Fact]
    public void Scripts_past_the_cap_share_the_other_label_set()
    {
        using var metrics = new WorkerMetrics(maxScripts: 2, () => [], () => 0);
        var seen = new List<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == metrics.Meter) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (seen) seen.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        });
        listener.Start();

        foreach (var (ns, script) in new[] { ((string?)null, "a"), ("ns", "b"), (null, "c"), ("ns", "d"), (null, "a") })
            metrics.Invoked(new WorkerRef("acct", "id-" + script, script, ns, false, "v1", []), null, TimeSpan.Zero, TimeSpan.Zero, 0, 0, null);
        metrics.Invoked(new WorkerRef("acct", "id-b", "b", "ns", false, "v1", []), WorkerFailure.CpuLimit, TimeSpan.Zero, TimeSpan.Zero, 0, 0, null);

        var requests = seen.Where(s => s.Instrument == "switchyard.worker.requests")
            .Select(s => $"{s.Tags["account"]}/{s.Tags["namespace"]}/{s.Tags["script"]}/{s.Tags["outcome"]}").ToList();
        Assert.Equal(["acct//a/ok", "acct/ns/b/ok", "(other)/(other)/(other)/ok", "(other)/(other)/(other)/ok", "acct//a/ok", "acct/ns/b/exceededCpu"],
            requests);
    }

    [Theory]
    [InlineData(null, "ok")]
    [InlineData(WorkerFailure.Exception, "exception")]
    [InlineData(WorkerFailure.CpuLimit, "exceededCpu")]
    [InlineData(WorkerFailure.MemoryLimit, "exceededMemory")]
    [InlineData(WorkerFailure.Canceled, "canceled")]
    public void Outcomes_use_the_names_of_cloudflares_trace_events(WorkerFailure? failure, string outcome) =>
        Assert.Equal(outcome, WorkerMetrics.Outcome(failure));
}
