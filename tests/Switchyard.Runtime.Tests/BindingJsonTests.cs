using System.Text.Json;
using Switchyard.Runtime.Host;
using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Tests;

/// <summary>A dispatch target as DispatchNamespace.get() writes it with JSON.stringify, and the host's answer, without the serializer.</summary>
public class BindingJsonTests
{
    [Fact]
    public void A_dispatch_target_reads_limits_and_outbound_or_their_absence()
    {
        DispatchTarget full = BindingJson.ReadDispatchTarget("""{"script":"user","cpuMs":12.5,"subRequests":3,"outbound":{"tenant":"a"}}""");
        Assert.Equal(("user", 12.5, 3), (full.Script, full.CpuMs, full.SubRequests));
        Assert.Equal("a", full.Outbound!.Value.GetProperty("tenant").GetString());

        DispatchTarget bare = BindingJson.ReadDispatchTarget("""{"script":"user","cpuMs":null,"subRequests":null,"outbound":null}""");
        Assert.Equal(("user", (double?)null, (int?)null, (JsonElement?)null), (bare.Script, bare.CpuMs, bare.SubRequests, bare.Outbound));
        Assert.ThrowsAny<JsonException>(() => BindingJson.ReadDispatchTarget("""{"cpuMs":1}"""));
    }

    [Fact]
    public void The_answer_and_a_failure_are_the_json_worker_support_reads()
    {
        var response = new WorkerResponse(201, "Créé", [KeyValuePair.Create("Set-Cookie", "a=1"), KeyValuePair.Create("set-cookie", "b=\"2\"")], null);

        using var answer = JsonDocument.Parse(BindingJson.WriteAnswer(response, bodyId: null, bytesSlot: 7));
        Assert.Equal(201, answer.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Créé", answer.RootElement.GetProperty("statusText").GetString());
        Assert.Equal("set-cookie\0a=1\0set-cookie\0b=\"2\"", answer.RootElement.GetProperty("headers").GetString());
        Assert.Equal(JsonValueKind.Null, answer.RootElement.GetProperty("body").ValueKind);
        Assert.Equal(7, answer.RootElement.GetProperty("bytes").GetInt32());

        using var failure = JsonDocument.Parse(BindingJson.WriteFailure("over \"limit\"", limit: true));
        Assert.Equal("over \"limit\"", failure.RootElement.GetProperty("failure").GetProperty("message").GetString());
        Assert.True(failure.RootElement.GetProperty("failure").GetProperty("limit").GetBoolean());
    }
}
