using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.Observability;

/// <summary>
/// A tail as wrangler opens one: <c>POST …/tails</c> with the filters, then a WebSocket to the answered URL with the
/// trace-v1 subprotocol and no token, then <c>{"debug":false}</c>. Reads trace events one text frame each.
/// </summary>
public sealed class TailClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    private TailClient(string id, string url)
    {
        Id = id;
        Url = url;
    }

    public string Id { get; }
    public string Url { get; }
    public WebSocket Socket => _socket;

    public static async Task<TailClient> OpenAsync(TestServer server, string scriptPath, object? filters = null)
    {
        // wrangler's content type, whatever the body is
        var body = new StringContent(JsonSerializer.Serialize(new { filters = filters ?? Array.Empty<object>() }), Encoding.UTF8, "text/plain");
        var result = (await server.Api.SendApiAsync(HttpMethod.Post, $"{scriptPath}/tails", body)).AssertOk()!;
        var client = new TailClient((string)result["id"]!, (string)result["url"]!);
        Assert.StartsWith("ws://", client.Url);
        Assert.True(DateTimeOffset.TryParse((string)result["expires_at"]!, out _));
        client._socket.Options.AddSubProtocol("trace-v1");
        await client._socket.ConnectAsync(new Uri(client.Url), CancellationToken.None);
        Assert.Equal("trace-v1", client._socket.SubProtocol);
        await client._socket.SendAsync("""{"debug":false}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        return client;
    }

    /// <summary>The next trace event, or null when the server closed the socket; fails after <paramref name="seconds"/>.</summary>
    public async Task<JsonElement?> NextAsync(int seconds = 10)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var message = new MemoryStream();
        var buffer = new byte[8192];
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, result.Count);
        } while (!result.EndOfMessage);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
    }

    /// <summary>Events until one satisfies <paramref name="match"/> (others are returned in <paramref name="skipped"/>).</summary>
    public async Task<JsonElement> NextMatchingAsync(Func<JsonElement, bool> match, List<JsonElement>? skipped = null, int seconds = 10)
    {
        while (true)
        {
            JsonElement e = await NextAsync(seconds) ?? throw new Xunit.Sdk.XunitException("the tail closed before the expected event");
            if (match(e)) return e;
            skipped?.Add(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }
        _socket.Dispose();
    }
}
