using System.Text.Json;
using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Tests;

/// <summary>The response head as invoke() writes it with JSON.stringify, read back without the serializer.</summary>
public class ResponseHeadJsonTests
{
    [Fact]
    public void Reads_status_text_and_header_pairs_in_order_with_escapes_and_repeats()
    {
        var (status, statusText, headers) = ResponseHeadJson.Read(
            """{"status":418,"statusText":"I\u2019m a \"teapot\"","headers":[["set-cookie","a=1"],["set-cookie","b=2"],["x-path","C:\\té"]]}""");

        Assert.Equal(418, status);
        Assert.Equal("I’m a \"teapot\"", statusText);
        Assert.Equal([KeyValuePair.Create("set-cookie", "a=1"), KeyValuePair.Create("set-cookie", "b=2"),
            KeyValuePair.Create("x-path", "C:\\té")], headers);
    }

    [Fact]
    public void A_head_larger_than_the_stack_buffer_and_unknown_members_are_read()
    {
        string big = new('é', 3000);
        var (status, _, headers) = ResponseHeadJson.Read(
            $$"""{"extra":{"nested":[1,2]},"headers":[["x-big","{{big}}"]],"status":200,"statusText":""}""");

        Assert.Equal(200, status);
        Assert.Equal(big, Assert.Single(headers).Value);
    }

    [Theory]
    [InlineData("""{"status":200,"headers":[["only-a-name"]]}""")]
    [InlineData("""{"status":"200"}""")]
    [InlineData("""{"status":200""")]
    [InlineData("[]")]
    public void A_malformed_head_is_an_error(string json) =>
        Assert.ThrowsAny<JsonException>(() => ResponseHeadJson.Read(json));
}
