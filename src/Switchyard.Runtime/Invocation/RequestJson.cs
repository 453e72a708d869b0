using System.Text;
using System.Text.Json;

namespace Switchyard.Runtime.Invocation;

/// <summary>
/// A request as a binding's <c>fetch()</c> hands it to the host: <c>{"method","url","headers":[[name,value]…],"cf"}</c>,
/// read in one <see cref="Utf8JsonReader"/> pass rather than through the serializer (every dispatched request crosses
/// this way). Requests go the other way, into <c>invoke()</c>, as plain arguments (<see cref="RequestHeaderList"/>).
/// </summary>
internal static class RequestJson
{
    /// <summary>The request a binding's <c>fetch()</c> hands over; <c>cf</c> is kept only when it is an object.</summary>
    public static WorkerRequest Read(string json, Stream? body)
    {
        var (method, url, headers, cf) = HostJson.Read(json, ReadParts);
        return new WorkerRequest(method, url, headers, body, cf);
    }

    private static (string, string, List<KeyValuePair<string, string>>, string?) ReadParts(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        string? method = null, url = null, cf = null;
        List<KeyValuePair<string, string>> headers = [];
        HostJson.Expect(ref reader, JsonTokenType.StartObject);
        while (HostJson.Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("method"u8)) method = HostJson.ReadString(ref reader);
            else if (reader.ValueTextEquals("url"u8)) url = HostJson.ReadString(ref reader);
            else if (reader.ValueTextEquals("headers"u8)) headers = HostJson.ReadHeaders(ref reader);
            else if (reader.ValueTextEquals("cf"u8))
            {
                bool isObject = HostJson.Next(ref reader) == JsonTokenType.StartObject;
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                cf = isObject ? Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]) : null;
            }
            else HostJson.SkipValue(ref reader);
        }
        return (method ?? throw new JsonException("The request has no method."), url ?? throw new JsonException("The request has no url."), headers, cf);
    }
}
