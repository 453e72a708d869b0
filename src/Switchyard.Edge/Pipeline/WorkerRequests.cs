using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Switchyard.Edge.Assets;
using Switchyard.Runtime.Invocation;

namespace Switchyard.Edge.Pipeline;

/// <summary>Turns the edge's HTTP request into the request a worker's fetch handler receives.</summary>
public static class WorkerRequests
{
    /// <summary>
    /// The absolute URL as the client addressed it (scheme from <c>X-Forwarded-Proto</c> when a proxy in front
    /// terminated TLS), every header as received in order, plus <c>cf-connecting-ip</c> (the peer address) and
    /// <c>x-forwarded-proto</c>, which replace any the client sent. The body is the request stream itself, not
    /// buffered, or null when the request has none. <see cref="WorkerRequest.CfJson"/> holds what the edge knows of the
    /// connection (<see cref="Cf"/>).
    /// </summary>
    public static WorkerRequest From(HttpContext context, string colo, string? rayId = null)
    {
        var request = context.Request;
        var scheme = Scheme(request);
        var (path, query) = AssetRequest.SplitTarget(request);
        var url = $"{scheme}://{request.Host.Value}{path}{query}";

        var headers = new List<KeyValuePair<string, string>>(request.Headers.Count + 2);
        foreach (var (name, values) in request.Headers)
        {
            if (name.Equals("cf-connecting-ip", StringComparison.OrdinalIgnoreCase) ||
                name.Equals("x-forwarded-proto", StringComparison.OrdinalIgnoreCase))
                continue;
            foreach (var value in values) headers.Add(new(name.ToLowerInvariant(), value ?? ""));
        }
        if (ClientIp(context) is { } ip) headers.Add(new("cf-connecting-ip", ip));
        headers.Add(new("x-forwarded-proto", scheme));

        // An upgrade request (a WebSocket) has no body to read: after a 101 its stream is the WebSocket's.
        var hasBody = context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest != true
            && (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0);
        return new WorkerRequest(request.Method, url, headers, hasBody ? request.Body : null, Cf(context, scheme, colo)) { RayId = rayId };
    }

    /// <summary>
    /// <c>request.cf</c>: only facts this edge actually has — its colo name, the HTTP version, the client's
    /// Accept-Encoding, and the TLS version and cipher when it terminated TLS itself. No geolocation or ASN: there
    /// is no database behind them, and invented values would mislead.
    /// </summary>
    public static string Cf(HttpContext context, string scheme, string colo)
    {
        string protocol = context.Request.Protocol, acceptEncoding = context.Request.Headers.AcceptEncoding.ToString();
        ITlsHandshakeFeature? tls = scheme == "https" ? context.Features.Get<ITlsHandshakeFeature>() : null;
        if (tls is not null) return CfJson(colo, protocol, acceptEncoding, tls);
        var key = (colo, protocol, acceptEncoding);
        if (CfWithoutTls.TryGetValue(key, out string? kept)) return kept;
        string cf = CfJson(colo, protocol, acceptEncoding, null);
        if (CfWithoutTls.Count < CfKeptLimit) CfWithoutTls.TryAdd(key, cf);
        return cf;
    }

    // Without TLS facts, request.cf depends on the colo, the protocol and Accept-Encoding only, and most requests share a
    // few of those: their JSON is kept (up to a bound, as Accept-Encoding is the client's to choose) instead of written
    // again for each request.
    private const int CfKeptLimit = 256;
    private static readonly ConcurrentDictionary<(string Colo, string Protocol, string AcceptEncoding), string> CfWithoutTls = new();

    private static string CfJson(string colo, string protocol, string acceptEncoding, ITlsHandshakeFeature? tls)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var cf = new Utf8JsonWriter(buffer))
        {
            cf.WriteStartObject();
            cf.WriteString("colo", colo);
            cf.WriteString("httpProtocol", protocol);
            cf.WriteString("clientAcceptEncoding", acceptEncoding);
            if (tls is not null)
            {
                cf.WriteString("tlsVersion", tls.Protocol switch
                {
                    SslProtocols.Tls13 => "TLSv1.3",
                    SslProtocols.Tls12 => "TLSv1.2",
                    _ => tls.Protocol.ToString(),
                });
                if (tls.NegotiatedCipherSuite is { } cipher) cf.WriteString("tlsCipher", cipher.ToString());
            }
            cf.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Scheme(HttpRequest request)
    {
        var forwarded = request.Headers["X-Forwarded-Proto"].ToString();
        var first = forwarded.AsSpan();
        if (first.IndexOf(',') is var comma and >= 0) first = first[..comma];
        first = first.Trim();
        if (first.Equals("https", StringComparison.OrdinalIgnoreCase)) return "https";
        if (first.Equals("http", StringComparison.OrdinalIgnoreCase)) return "http";
        return request.Scheme;
    }

    private static string? ClientIp(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return null;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.ToString();
    }
}
