using Xunit;
using Xunit.Abstractions;

namespace Switchyard.EndToEnd.Tests;

/// <summary>One test per wrangler flow (deploys, redeploys, namespaces, KV, account discovery, environments).</summary>
[Collection(WranglerCollection.Name)]
public sealed class WranglerFlowTests(WranglerFlows flows, ITestOutputHelper output)
{
    public static TheoryData<string> Flows => new(WranglerFlows.Flows);

    [Theory]
    [MemberData(nameof(Flows))]
    public void Flow_passes(string flow)
    {
        var verdict = flows.Verdicts.GetValueOrDefault(flow, "not run");
        if (verdict != "ok") output.WriteLine(flows.Transcript);
        Assert.True(verdict == "ok", $"wrangler flow {flow}: {verdict} (transcript in the test output)");
    }
}
