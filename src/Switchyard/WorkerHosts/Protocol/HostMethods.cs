namespace Switchyard.WorkerHosts.Protocol;

/// <summary>
/// The calls of the worker host channel, by name. The server calls a host to run invocations; a host calls the server
/// for everything its isolates need beyond V8 (each checked against the host's grants, <see cref="Server.HostGrants"/>).
/// </summary>
internal static class HostMethods
{
    // server → host
    public const string Health = "health";
    /// <summary>Run an invocation: <see cref="InvokeHead"/>, the request body; answered as <see cref="InvocationWire"/> describes.</summary>
    public const string Invoke = "invoke";
    /// <summary>Load an upload's code as Cloudflare validates it (<see cref="ValidateHead"/>, the modules as <see cref="ModuleBundle"/>).</summary>
    public const string Validate = "validate";
    /// <summary>What this host's warm isolates may hold from now on (<see cref="BudgetHead"/>), answered with nothing.</summary>
    public const string Budget = "budget";

    // either way
    /// <summary>
    /// Claims a WebSocket the other side handed over in a reply (head: its id as i64); the call then relays it both ways
    /// (<see cref="WebSocketHandoffs"/>, <see cref="CallWebSocketEnd"/>).
    /// </summary>
    public const string WebSocket = "websocket";

    // host → server
    /// <summary>A granted version by id (head: the id); the reply is the version as JSON.</summary>
    public const string Version = "version";
    /// <summary>A module's code by blob key (head: the key); the reply body is the content.</summary>
    public const string Blob = "blob";
    /// <summary>KV operations of a bound namespace (<see cref="KvHead"/>).</summary>
    public const string Kv = "kv";
    /// <summary>One call of a rate limit binding of a version it runs (<see cref="RateLimitHead"/>), counted by the server.</summary>
    public const string RateLimit = "ratelimit";
    /// <summary>An outbound <c>fetch()</c> under the server's address rules (<see cref="FetchHead"/>, the request body).</summary>
    public const string Fetch = "fetch";
    /// <summary>
    /// A <c>cloudflare:sockets</c> connection made by the server under its address rules (<see cref="SocketHead"/>); the
    /// reply is <see cref="SocketReply"/>, then the bytes flow both ways as the call's bodies.
    /// </summary>
    public const string Socket = "socket";
    /// <summary>A worker's call of another worker (<see cref="BindingHead"/>), resolved and routed by the server.</summary>
    public const string Binding = "binding";
    /// <summary><c>env.ASSETS.fetch()</c> of a granted version (<see cref="AssetsHead"/>).</summary>
    public const string Assets = "assets";
    /// <summary>An invocation's trace event (a <see cref="Observability.Tracing.TraceEvent"/> as JSON), for the server's tails and invocation log.</summary>
    public const string Trace = "trace";
    /// <summary>Invocations, cold starts, evictions and warm isolates (<see cref="MetricsBatch"/>), for the server's <c>/metrics</c>.</summary>
    public const string Metrics = "metrics";
    /// <summary>A worker's console line (a <see cref="Runtime.Invocation.WorkerLogEntry"/> as JSON), for the server's log.</summary>
    public const string Log = "log";
}
