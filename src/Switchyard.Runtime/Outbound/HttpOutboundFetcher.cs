using System.Net;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Outbound;

/// <summary>
/// Subrequests over HTTP with one shared client. Redirects are followed here, per the Fetch Standard, rather than by
/// the handler: up to 20; 303 (and 301/302 after POST) become a bodiless GET; credentials are not sent to another origin.
/// Content-Encoding passes through undecoded, as the runtime expects. Every connection goes through a
/// <see cref="GuardedConnector"/>, so no worker reaches loopback, private or link-local addresses unless allowed.
/// </summary>
public sealed partial class HttpOutboundFetcher : IOutboundFetcher, IDisposable
{
    private const int MaxRedirects = 20;
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
        { "host", "content-length", "connection", "transfer-encoding", "keep-alive", "upgrade", "te", "trailer", "proxy-connection" };

    private readonly HttpClient _client;
    private readonly HttpMessageInvoker _webSockets;

    /// <param name="connector">The connect step, which refuses addresses workers must not reach (see <see cref="OutboundAddressPolicy"/>).</param>
    public HttpOutboundFetcher(GuardedConnector connector)
    {
        Connector = connector;
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,  // a proxy would connect on the worker's behalf, past the address check
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = connector.ConnectAsync,
        }) { Timeout = Timeout.InfiniteTimeSpan };
        // WebSocket handshakes take a connection over for good, so they get a handler of their own (same connect step).
        _webSockets = new HttpMessageInvoker(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectCallback = connector.ConnectAsync,
        });
    }

    public HttpOutboundFetcher(OutboundAddressPolicy policy) : this(new GuardedConnector(policy)) { }

    public GuardedConnector Connector { get; }

    public async Task<OutboundResponse> FetchAsync(OutboundCaller caller, OutboundRequest request, CancellationToken ct)
    {
        string method = request.Method;
        var url = new Uri(request.Url);
        byte[]? body = request.Body;
        var headers = request.Headers.ToList();
        for (int redirects = 0; ; redirects++)
        {
            if (IsDirectPublicIp(url)) return DirectIpAccessResponse(url, redirects > 0);
            HttpResponseMessage response = await SendAsync(method, url, headers, body, ct).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            Uri? location = status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } target ? new Uri(url, target) : null;
            if (location is null || request.Redirect == RedirectMode.Manual) return await ToResponseAsync(response, method, url, redirects > 0, ct).ConfigureAwait(false);
            response.Dispose();
            if (request.Redirect == RedirectMode.Error) throw new HttpRequestException("Fetch failed: a redirect was received and redirect mode is 'error'.");
            if (redirects == MaxRedirects) throw new HttpRequestException("Fetch failed: too many redirects.");
            if (status == 303 && method is not ("GET" or "HEAD") || status is 301 or 302 && method == "POST")
            {
                method = "GET";
                body = null;
                headers.RemoveAll(h => h.Key.StartsWith("content-", StringComparison.OrdinalIgnoreCase));
            }
            if (!SameOrigin(url, location)) headers.RemoveAll(h => h.Key.Equals("authorization", StringComparison.OrdinalIgnoreCase));
            url = location;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string method, Uri url, List<KeyValuePair<string, string>> headers, byte[]? body, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null) message.Content = new ByteArrayContent(body);
        foreach (var (name, value) in headers)
        {
            if (HopHeaders.Contains(name)) continue;
            if (!message.Headers.TryAddWithoutValidation(name, value)) message.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        try
        {
            return await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is OutboundRefusedException refused)
        {
            throw refused;  // its message says which address and why, which HttpClient's wrapper does not
        }
    }

    private static async Task<OutboundResponse> ToResponseAsync(HttpResponseMessage response, string method, Uri url, bool redirected, CancellationToken ct)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (header.Key.Equals("set-cookie", StringComparison.OrdinalIgnoreCase))
                headers.AddRange(header.Value.Select(v => KeyValuePair.Create(header.Key, v)));
            else headers.Add(KeyValuePair.Create(header.Key, string.Join(", ", header.Value)));
        }
        int status = (int)response.StatusCode;
        Stream? body = null;
        if (method == "HEAD" || status is 101 or 204 or 205 or 304) response.Dispose();
        else body = new ResponseOwningStream(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false), response);
        return new OutboundResponse(status, response.ReasonPhrase ?? "", headers, url.AbsoluteUri, redirected, body);
    }

    /// <summary>Whether <paramref name="url"/> names a public IP address rather than a host (see <see cref="OutboundAddressPolicy.IsDirectIpAccessRefused"/>).</summary>
    internal static bool IsDirectPublicIp(Uri url) =>
        url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
        && IPAddress.TryParse(url.IdnHost, out IPAddress? address)
        && OutboundAddressPolicy.IsDirectIpAccessRefused(address);

    /// <summary>Cloudflare's answer to a subrequest naming an IP address: its 1003 page, no connection made.</summary>
    internal static OutboundResponse DirectIpAccessResponse(Uri url, bool redirected) => new(403, "Forbidden",
        [KeyValuePair.Create("content-type", "text/plain; charset=UTF-8")], url.AbsoluteUri, redirected,
        new MemoryStream("error code: 1003"u8.ToArray(), writable: false));

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    public void Dispose()
    {
        _client.Dispose();
        _webSockets.Dispose();
    }

    /// <summary>A response body that disposes its response message (and so frees the connection) with it.</summary>
    private sealed class ResponseOwningStream(Stream inner, HttpResponseMessage response) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => inner.ReadAsync(buffer, ct);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => inner.ReadAsync(buffer, offset, count, ct);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
