using System.Text.Json;
using Switchyard.Runtime.Host;
using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Tests;

/// <summary>A binding's fetch() as Fetcher.fetch writes it with JSON.stringify, and the host's answer, without the serializer.</summary>
public class BindingJsonTests
{
    [Fact]
    public void A_request_keeps_its_header_order_repeats_escapes_and_cf_object_as_written()
    {
        const string cf = """{"colo":"lön","nested":{"a":[1,"\u0022"]}}""";
        WorkerRequest request = RequestJson.Read(
            $$"""{"method":"POST","url":"https://example.com/ä?q=1","headers":[["x-a","1"],["x-a","2"],["x-q","\"é\""]],"cf":{{cf}},"extra":[{}]}""",
            body: null);

        Assert.Equal("POST", request.Method);
        Assert.Equal("https://example.com/ä?q=1", request.Url);
        Assert.Equal([KeyValuePair.Create("x-a", "1"), KeyValuePair.Create("x-a", "2"), KeyValuePair.Create("x-q", "\"é\"")], request.Headers);
        Assert.Equal(cf, request.CfJson);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"colo\"")]
    [InlineData("[1]")]
    public void A_cf_that_is_not_an_object_is_dropped(string cf) =>
        Assert.Null(RequestJson.Read($$"""{"method":"GET","url":"https://e.com/","headers":[],"cf":{{cf}}}""", null).CfJson);

    [Theory]
    [InlineData("""{"url":"https://e.com/","headers":[]}""")]
    [InlineData("""{"method":"GET","url":"https://e.com/","headers":[["only-a-name"]]}""")]
    [InlineData("""{"method":"GET","url":""")]
    public void A_malformed_request_is_an_error(string json) =>
        Assert.ThrowsAny<JsonException>(() => RequestJson.Read(json, null));

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
        var response = new WorkerResponse(201, "Créé", [KeyValuePair.Create("set-cookie", "a=1"), KeyValuePair.Create("set-cookie", "b=\"2\"")], null);

        using var answer = JsonDocument.Parse(BindingJson.WriteAnswer(response, bodyId: null, bytesSlot: 7));
        Assert.Equal(201, answer.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Créé", answer.RootElement.GetProperty("statusText").GetString());
        Assert.Equal([["set-cookie", "a=1"], ["set-cookie", "b=\"2\""]], answer.RootElement.GetProperty("headers").Deserialize<string[][]>());
        Assert.Equal(JsonValueKind.Null, answer.RootElement.GetProperty("body").ValueKind);
        Assert.Equal(7, answer.RootElement.GetProperty("bytes").GetInt32());

        using var failure = JsonDocument.Parse(BindingJson.WriteFailure("over \"limit\"", limit: true));
        Assert.Equal("over \"limit\"", failure.RootElement.GetProperty("failure").GetProperty("message").GetString());
        Assert.True(failure.RootElement.GetProperty("failure").GetProperty("limit").GetBoolean());
    }
}
