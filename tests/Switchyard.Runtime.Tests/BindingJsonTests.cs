using System.Text.Json;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.JsApi;

namespace Switchyard.Runtime.Tests;

/// <summary>The host's answer to a binding's fetch(), written without the serializer.</summary>
public class BindingJsonTests
{
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
