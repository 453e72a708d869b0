using System.Text;
using System.Text.Json;

namespace Switchyard.Observability.Tracing;

/// <summary>
/// Writes a <see cref="TraceEvent"/> as the JSON object wrangler's <c>tail</c> reads off the trace-v1 socket (one per
/// text frame): <c>logs</c> and <c>exceptions</c> always arrays, <c>logs[].message</c> the console call's arguments,
/// <c>event.request</c>/<c>event.response</c> for fetches, and the fields wrangler passes through in JSON mode.
/// </summary>
public static class TraceEventJson
{
    public static byte[] ToUtf8(TraceEvent trace)
    {
        using var buffer = new MemoryStream(512);
        using (var json = new Utf8JsonWriter(buffer))
            Write(json, trace);
        return buffer.ToArray();
    }

    public static void Write(Utf8JsonWriter json, TraceEvent trace)
    {
        json.WriteStartObject();
        json.WriteString("outcome", trace.Outcome);
        json.WriteString("scriptName", trace.Target.Script);
        json.WriteNumber("eventTimestamp", trace.Started.ToUnixTimeMilliseconds());
        json.WriteStartArray("exceptions");
        foreach (TraceException e in trace.Exceptions)
        {
            json.WriteStartObject();
            json.WriteString("name", e.Name);
            json.WriteString("message", e.Message);
            json.WriteNumber("timestamp", e.Time.ToUnixTimeMilliseconds());
            if (e.Stack is not null) json.WriteString("stack", e.Stack);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("logs");
        foreach (TraceLog log in trace.Logs)
        {
            json.WriteStartObject();
            json.WritePropertyName("message");
            if (log.ArgumentsJson is { } args) json.WriteRawValue(args, skipInputValidation: false);
            else
            {
                json.WriteStartArray();
                json.WriteStringValue(log.Text);
                json.WriteEndArray();
            }
            json.WriteString("level", log.Level);
            json.WriteNumber("timestamp", log.Time.ToUnixTimeMilliseconds());
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WritePropertyName("event");
        if (trace.Request is { } request) WriteFetch(json, request, trace.ResponseStatus);
        else if (trace.Cron is { } cron)
        {
            json.WriteStartObject();
            json.WriteString("cron", cron);
            json.WriteNumber("scheduledTime", trace.ScheduledTime ?? 0);
            json.WriteEndObject();
        }
        else if (trace.ConsumedScripts is { } consumed)
        {
            json.WriteStartObject();
            json.WriteStartArray("consumedEvents");
            foreach (string script in consumed)
            {
                json.WriteStartObject();
                json.WriteString("scriptName", script);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        else if (trace.RpcMethod is { } method)
        {
            json.WriteStartObject();
            json.WriteString("rpcMethod", method);
            json.WriteEndObject();
        }
        else json.WriteNullValue();
        json.WriteStartArray("diagnosticsChannelEvents");
        json.WriteEndArray();
        json.WriteStartObject("scriptVersion");
        json.WriteString("id", trace.VersionId);
        json.WriteEndObject();
        if (trace.Target.Namespace is { } ns) json.WriteString("dispatchNamespace", ns);
        if (trace.Entrypoint is { } entrypoint) json.WriteString("entrypoint", entrypoint);
        else json.WriteNull("entrypoint");
        json.WriteBoolean("truncated", trace.Truncated);
        json.WriteString("executionModel", "stateless");
        json.WriteNumber("wallTime", Math.Round(trace.WallMs));
        json.WriteNumber("cpuTime", Math.Round(trace.CpuMs));
        json.WriteEndObject();
    }

    private static void WriteFetch(Utf8JsonWriter json, TraceRequest request, int? status)
    {
        json.WriteStartObject();
        json.WriteStartObject("request");
        json.WriteString("url", TraceRedaction.Url(request.Url));
        json.WriteString("method", request.Method);
        json.WriteStartObject("headers");
        foreach (var (name, value) in Combined(request.Headers))
            json.WriteString(name, TraceRedaction.IsSensitiveHeader(name) ? TraceRedaction.Redacted : value);
        json.WriteEndObject();
        json.WritePropertyName("cf");
        if (request.CfJson is { } cf) json.WriteRawValue(cf, skipInputValidation: false);
        else
        {
            json.WriteStartObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
        if (status is int s)
        {
            json.WriteStartObject("response");
            json.WriteNumber("status", s);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>Headers as one JSON object: names lower-cased, repeated names joined with ", " as Headers.get() does.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Combined(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var combined = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (name, value) in headers)
        {
            string key = name.ToLowerInvariant();
            if (combined.TryGetValue(key, out var existing)) existing.Append(", ").Append(value);
            else
            {
                combined[key] = new StringBuilder(value);
                order.Add(key);
            }
        }
        foreach (string key in order) yield return new(key, combined[key].ToString());
    }
}
