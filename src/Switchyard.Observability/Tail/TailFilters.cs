using System.Net;
using System.Text.Json;
using Switchyard.Observability.Tracing;

namespace Switchyard.Observability.Tail;

/// <summary>
/// The filters of one tail, as wrangler sends them in <c>{"filters":[…]}</c> (one object per flag): an event is sent
/// when it passes every filter given. <c>sampling_rate</c> keeps that fraction of the events at random;
/// <c>outcome</c>, <c>method</c> and <c>client_ip</c> are lists of which any may match (<c>self</c> is the address
/// the tail was created from); <c>header</c> needs the request header, and its value when a query is given;
/// <c>query</c> is a text match in the invocation's console output and exception messages; <c>scriptVersion</c> is
/// the version id.
/// </summary>
public sealed class TailFilters
{
    private double? _samplingRate;
    private HashSet<string>? _outcomes;
    private HashSet<string>? _methods;
    private HashSet<string>? _clientIps;
    private (string Key, string? Value)? _header;
    private string? _query;
    private string? _version;

    public static readonly TailFilters None = new();

    /// <summary>Reads the body of <c>POST …/tails</c>; an empty body means no filters.</summary>
    /// <param name="creatorIp">The address of the tail's creator, which <c>client_ip: ["self"]</c> stands for.</param>
    public static TailFilters Parse(ReadOnlySpan<byte> body, string? creatorIp)
    {
        if (body.Trim(" \t\r\n"u8).IsEmpty) return None;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException e)
        {
            throw new TailFilterException($"The request body is not valid JSON: {e.Message}");
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new TailFilterException("The request body must be a JSON object with a 'filters' array.");
            if (!root.TryGetProperty("filters", out JsonElement list) || list.ValueKind == JsonValueKind.Null) return None;
            if (list.ValueKind != JsonValueKind.Array) throw new TailFilterException("'filters' must be an array of filter objects.");
            var filters = new TailFilters();
            foreach (JsonElement filter in list.EnumerateArray())
            {
                if (filter.ValueKind != JsonValueKind.Object) throw new TailFilterException("Each filter must be a JSON object.");
                foreach (JsonProperty p in filter.EnumerateObject()) filters.Add(p, creatorIp);
            }
            return filters;
        }
    }

    private void Add(JsonProperty p, string? creatorIp)
    {
        switch (p.Name)
        {
            case "sampling_rate":
                if (p.Value.ValueKind != JsonValueKind.Number || p.Value.GetDouble() is not (> 0 and <= 1))
                    throw new TailFilterException("'sampling_rate' must be a number greater than 0 and at most 1.");
                _samplingRate = p.Value.GetDouble();
                break;
            case "outcome":
                _outcomes = Strings(p, o => TraceEvent.Outcomes.Contains(o)
                    ? o : throw new TailFilterException($"Unknown outcome '{o}' in 'outcome': expected one of {string.Join(", ", TraceEvent.Outcomes)}."));
                break;
            case "method":
                _methods = Strings(p, m => m.ToUpperInvariant());
                break;
            case "client_ip":
                _clientIps = Strings(p, ip => ip == "self" ? creatorIp ?? ip
                    : IPAddress.TryParse(ip, out IPAddress? parsed) ? Normal(parsed)
                    : throw new TailFilterException($"'{ip}' in 'client_ip' is not an IP address or \"self\"."));
                break;
            case "header":
                if (p.Value.ValueKind != JsonValueKind.Object || !p.Value.TryGetProperty("key", out JsonElement key)
                    || key.ValueKind != JsonValueKind.String || key.GetString() is not { Length: > 0 } name)
                    throw new TailFilterException("'header' must be an object with a non-empty string 'key' (and an optional 'query').");
                string? value = p.Value.TryGetProperty("query", out JsonElement q) && q.ValueKind == JsonValueKind.String ? q.GetString() : null;
                _header = (name, value);
                break;
            case "query":
                _query = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()
                    : throw new TailFilterException("'query' must be a string.");
                break;
            case "scriptVersion":
                _version = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()
                    : throw new TailFilterException("'scriptVersion' must be a version id string.");
                break;
            default:
                throw new TailFilterException($"Unknown tail filter '{p.Name}': expected sampling_rate, outcome, method, header, client_ip, query or scriptVersion.");
        }
    }

    private static HashSet<string> Strings(JsonProperty p, Func<string, string> normalize)
    {
        if (p.Value.ValueKind != JsonValueKind.Array)
            throw new TailFilterException($"'{p.Name}' must be an array of strings.");
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonElement item in p.Value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) throw new TailFilterException($"'{p.Name}' must be an array of strings.");
            set.Add(normalize(item.GetString()!));
        }
        return set;
    }

    private static string Normal(IPAddress ip) => (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();

    /// <summary>Whether <paramref name="trace"/> passes every filter (sampling included, so ask once per event).</summary>
    public bool Matches(TraceEvent trace)
    {
        if (_version is not null && trace.VersionId != _version) return false;
        if (_outcomes is not null && !_outcomes.Contains(trace.Outcome)) return false;
        TraceRequest? request = trace.Request;
        if (_methods is not null && (request is null || !_methods.Contains(request.Method.ToUpperInvariant()))) return false;
        if (_clientIps is not null)
        {
            string? ip = request?.Header("cf-connecting-ip");
            if (ip is null || !IPAddress.TryParse(ip, out IPAddress? parsed) || !_clientIps.Contains(Normal(parsed))) return false;
        }
        if (_header is var (key, value))
        {
            string? actual = request?.Header(key);
            if (actual is null || (value is not null && actual.Trim() != value.Trim())) return false;
        }
        if (_query is not null && !Mentions(trace, _query)) return false;
        return _samplingRate is not double rate || Random.Shared.NextDouble() < rate;
    }

    private static bool Mentions(TraceEvent trace, string text)
    {
        foreach (TraceLog log in trace.Logs)
            if (log.Text.Contains(text, StringComparison.Ordinal)) return true;
        foreach (TraceException e in trace.Exceptions)
            if (e.Message.Contains(text, StringComparison.Ordinal)) return true;
        return false;
    }
}
