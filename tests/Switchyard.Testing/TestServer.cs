using System.Net.Http.Headers;
using Switchyard.Hosting;
using Xunit;

namespace Switchyard.Testing;

/// <summary>
/// A real Switchyard server in this process, on random loopback ports with a fresh temporary data dir, and an
/// HTTP client authenticated as its bootstrap account. Use as an xunit class fixture, or create one per test.
/// </summary>
public sealed class TestServer : IAsyncLifetime
{
    public const string Token = "test-token-0123456789abcdefghijklmnopqrs";
    public const string AccountId = "0123456789abcdef0123456789abcdef";

    private SwitchyardServer? _server;

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "switchyard-test-" + Guid.NewGuid().ToString("N"));
    public SwitchyardServer Server => _server ?? throw new InvalidOperationException("server not started");

    /// <summary>Client for <c>/client/v4/</c>: relative paths like <c>accounts/{id}/...</c> resolve under it.</summary>
    public HttpClient Api { get; private set; } = null!;
    /// <summary>Client for the edge listener (set the Host header per request); redirects are returned, not followed.</summary>
    public HttpClient Edge { get; private set; } = null!;

    public string AccountPath => $"accounts/{AccountId}";

    /// <summary>The SQLite database of a server on embedded storage, for tests that look at its rows directly.</summary>
    public Switchyard.Storage.Sqlite.SqliteDatabase SqliteDatabase =>
        (Server.Storage as Switchyard.Storage.EmbeddedStorage)?.Database ?? throw new InvalidOperationException("the server is not on SQLite");

    /// <summary>
    /// A PostgreSQL connection string (see <see cref="PostgresServer"/>): the server keeps its state there, with
    /// <see cref="DataDir"/> only its blob cache; several servers given one database are nodes of one platform. Null:
    /// SQLite in <see cref="DataDir"/>.
    /// </summary>
    public string? Postgres { get; init; }

    /// <summary>Extra API services for this server, registered after the built-in ones (set before it starts).</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureApi { get; init; }

    /// <summary>Extra edge services for this server (a stand-in Workers runtime), registered last (set before it starts).</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureEdge { get; init; }

    /// <summary>
    /// Ranges workers may fetch() from this server: by default loopback (127.0.0.0/8, ::1), where tests' upstreams
    /// listen, as an operator allows a private range; Switchyard's own listeners stay refused. Empty: the serve default.
    /// </summary>
    public IReadOnlyList<System.Net.IPNetwork> AllowPrivateFetch { get; init; } =
        [System.Net.IPNetwork.Parse("127.0.0.0/8"), System.Net.IPNetwork.Parse("::1/128")];

    /// <summary>
    /// Worker host processes for this server (<c>--worker-hosts</c>); by default what SWITCHYARD_TEST_WORKER_HOSTS says
    /// (0 runs a whole test project with isolates in the server process), else the server's default.
    /// </summary>
    public int WorkerHosts { get; init; } =
        int.TryParse(Environment.GetEnvironmentVariable("SWITCHYARD_TEST_WORKER_HOSTS"), out int hosts) ? hosts : ServerOptions.DefaultWorkerHosts;

    /// <summary><c>--warm-memory-mb</c>; null: the default, a quarter of the machine's memory.</summary>
    public int? WarmMemoryMb { get; init; }

    /// <summary><c>--max-warm-workers</c>; null: no cap.</summary>
    public int? MaxWarmWorkers { get; init; }

    public async Task InitializeAsync()
    {
        _server = await SwitchyardServer.StartAsync(new ServerOptions
        {
            AllowPrivateFetch = AllowPrivateFetch,
            DataDir = DataDir,
            Postgres = Postgres,
            ApiListen = "127.0.0.1:0",
            EdgeListen = "127.0.0.1:0",
            AccountId = AccountId,
            ApiToken = Token,
            WorkerHosts = WorkerHosts,
            WarmMemoryMb = WarmMemoryMb,
            MaxWarmWorkers = MaxWarmWorkers,
        }, configureApi: ConfigureApi, configureEdge: ConfigureEdge);
        Api = CreateApiClient(Token);
        Edge = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Server.EdgeUrl };
    }

    /// <summary>Sends a request to the edge for <paramref name="host"/> (the Host header picks the worker).</summary>
    public Task<HttpResponseMessage> SendEdgeAsync(HttpMethod method, string host, string path,
        Action<HttpRequestHeaders>? headers = null, HttpContent? content = null,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Host = host;
        headers?.Invoke(request.Headers);
        return Edge.SendAsync(request, completion);
    }

    public Task<HttpResponseMessage> GetEdgeAsync(string host, string path = "/", Action<HttpRequestHeaders>? headers = null) =>
        SendEdgeAsync(HttpMethod.Get, host, path, headers);

    /// <summary>
    /// A WebSocket client connected through the edge to <paramref name="host"/>'s <paramref name="path"/>: the URL names the
    /// worker's host, and the connection goes to the edge's loopback address.
    /// </summary>
    public async Task<System.Net.WebSockets.ClientWebSocket> ConnectEdgeWebSocketAsync(string host, string path = "/",
        Action<System.Net.WebSockets.ClientWebSocketOptions>? options = null, CancellationToken ct = default)
    {
        var edge = new System.Net.DnsEndPoint(Server.EdgeUrl.Host, Server.EdgeUrl.Port);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(edge, token);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        var client = new System.Net.WebSockets.ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        options?.Invoke(client.Options);
        await client.ConnectAsync(new Uri($"ws://{host}:{Server.EdgeUrl.Port}{path}"), new HttpMessageInvoker(handler), ct);
        return client;
    }

    public HttpClient CreateApiClient(string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri(Server.ApiUrl, "/client/v4/") };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        Edge?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { }
    }
}
