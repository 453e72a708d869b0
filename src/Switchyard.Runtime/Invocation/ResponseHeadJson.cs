using System.Text.Json;
using static Switchyard.Runtime.Invocation.HostJson;

namespace Switchyard.Runtime.Invocation;

/// <summary>Reads the response head <c>invoke()</c> hands over: <c>{"status":N,"statusText":"…","headers":[[name,value]…]}</c>.</summary>
internal static class ResponseHeadJson
{
    public static (int Status, string StatusText, IReadOnlyList<KeyValuePair<string, string>> Headers) Read(string json) => HostJson.Read(json, ReadHead);

    private static (int, string, IReadOnlyList<KeyValuePair<string, string>>) ReadHead(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        int status = 0;
        string statusText = "";
        List<KeyValuePair<string, string>>? headers = null;
        Expect(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("status"u8))
            {
                Expect(ref reader, JsonTokenType.Number);
                status = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("statusText"u8)) statusText = ReadString(ref reader);
            else if (reader.ValueTextEquals("headers"u8)) headers = ReadHeaders(ref reader);
            else SkipValue(ref reader);
        }
        return (status, statusText, headers ?? []);
    }
}
