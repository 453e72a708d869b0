using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Outbound;
using Switchyard.Runtime.Routing;
using Switchyard.Storage.Scripts;

namespace Switchyard.WorkerHosts.Protocol;

// The heads of the channel's calls: JSON (WireJson), except an invocation's head and reply (BinaryHeads), which every
// request sends. Bodies never travel in a head: they stream after it.

/// <summary>A request as it crosses: everything but the body, which follows the head when <see cref="HasBody"/>.</summary>
internal sealed record WireRequest(string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string? CfJson,
    string? RayId, bool HasBody)
{
    public static WireRequest Of(WorkerRequest request) =>
        new(request.Method, request.Url, request.Headers, request.CfJson, request.RayId, request.Body is not null);

    public WorkerRequest ToRequest(Stream? body) => new(Method, Url, Headers, HasBody ? body : null, CfJson) { RayId = RayId };
}

/// <summary>
/// Server → host: run <see cref="VersionId"/> of <see cref="Worker"/> for a request. The first invocation of a version in
/// a host carries what loading it needs (<see cref="Preload"/>), so a cold start waits for no round trip to the server.
/// </summary>
internal sealed record InvokeHead(WorkerRef Worker, string VersionId, InvocationSettings Settings, WireRequest Request)
{
    public VersionPreload? Preload { get; init; }
}

/// <summary>
/// A version and its modules' code by blob key, sent with its first invocation in a host: on this VM each round trip
/// over the channel cost 0.5–4 ms on an idle server (measured at the host), and a cold start made two (the version,
/// then its module). Modules over <see cref="MaxModuleBytes"/> in all are left to be fetched.
/// </summary>
internal sealed record VersionPreload(DeployedVersion Version, IReadOnlyDictionary<string, byte[]>? Modules)
{
    public const int MaxModuleBytes = 1 << 20;
}

/// <summary>Host → server: the worker running <see cref="CallerVersionId"/> calls another through a binding.</summary>
internal sealed record BindingHead(string CallerVersionId, BindingCall Call, WireRequest Request);

/// <summary>Host → server: <c>env.ASSETS.fetch()</c> of <see cref="VersionId"/>.</summary>
internal sealed record AssetsHead(string VersionId, WireRequest Request);

/// <summary>
/// Host → server: an outbound fetch by <see cref="Caller"/>, or a WebSocket handshake (<see cref="WebSocket"/>); the body
/// follows when <see cref="HasBody"/>.
/// </summary>
internal sealed record FetchHead(WorkerRef Caller, string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers,
    RedirectMode Redirect, bool HasBody, bool WebSocket = false)
{
    /// <summary>The invocation the fetch is made for (<see cref="Runtime.Invocation.InvocationSettings.Ticket"/>).</summary>
    public long? Ticket { get; init; }
}

/// <summary>
/// The reply to a <see cref="FetchHead"/>; the response body follows. A handshake the server accepted leaves its
/// WebSocket to be claimed under <see cref="WebSocket"/> (<see cref="WebSocketHandoffs"/>).
/// </summary>
internal sealed record FetchReply(int Status, string StatusText, IReadOnlyList<KeyValuePair<string, string>> Headers, string Url, bool Redirected,
    long? WebSocket = null);

/// <summary>Host → server: <see cref="Caller"/>'s <c>connect()</c> to <see cref="Host"/>:<see cref="Port"/>.</summary>
internal sealed record SocketHead(WorkerRef Caller, string Host, int Port)
{
    /// <summary>The invocation the connection is made for (<see cref="Runtime.Invocation.InvocationSettings.Ticket"/>).</summary>
    public long? Ticket { get; init; }
}

/// <summary>The reply to a <see cref="SocketHead"/>: the connection's addresses, as <c>socket.opened</c> reports them.</summary>
internal sealed record SocketReply(string RemoteAddress, string LocalAddress);

/// <summary>
/// Host → server: one KV operation (<c>get</c>, <c>put</c> with the value as the body, <c>delete</c>, <c>list</c>; and
/// <c>namespace</c>, whether a bound namespace exists, with the account id as the key).
/// </summary>
internal sealed record KvHead(string Op, string Namespace, string? Key)
{
    public string? Metadata { get; init; }
    public long? Expiration { get; init; }
    public long? ExpirationTtl { get; init; }
    public string? Prefix { get; init; }
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}

/// <summary>The reply to a KV <c>get</c> (the value is the body) or <c>delete</c>.</summary>
internal sealed record KvReply(bool Found, string? Metadata, long? Expiration);

/// <summary>
/// Host → server: one <c>limit({key})</c> of a rate limit binding, with the binding's namespace, limit and period as the
/// version has them (the server checks a version it sent has that binding); the reply is <see cref="RateLimitReply"/>.
/// </summary>
internal sealed record RateLimitHead(string AccountId, string Namespace, int Limit, int Period, string Key);

internal sealed record RateLimitReply(bool Success);

/// <summary>Server → host: validate an upload of <see cref="ScriptName"/> (its modules follow as the body).</summary>
internal sealed record ValidateHead(string AccountId, string ScriptName, VersionContent Candidate);

/// <summary>The reply to a <see cref="ValidateHead"/>: null when the code loads, else why not.</summary>
internal sealed record ValidateReply(string? Problem);

/// <summary>Host → server: what the host's runtime recorded since the last batch, and its warm isolates when they changed.</summary>
internal sealed record MetricsBatch(IReadOnlyList<MetricRecord> Records, IReadOnlyList<WarmEntry>? Warm);

/// <summary>One record: an invocation (<c>i</c>, with its outcome and costs), a cold start (<c>c</c>) or an eviction (<c>e</c>).</summary>
internal sealed record MetricRecord(char Kind, string Account, string? Namespace, string Script)
{
    public Runtime.Invocation.WorkerFailure? Failure { get; init; }
    public double CpuSeconds { get; init; }
    public double WallSeconds { get; init; }
    public int Subrequests { get; init; }
    public int KvOperations { get; init; }
    /// <summary>An invocation's ticket, handed back: it is over (<see cref="Server.HostTickets"/>).</summary>
    public long? Ticket { get; init; }
}

/// <summary>A warm isolate of a host: its worker and its footprint in bytes.</summary>
internal sealed record WarmEntry(string Account, string? Namespace, string Script, long Bytes);

/// <summary>
/// Server → host: what its warm isolates may hold from now on, its share of the server's budget
/// (<see cref="Server.WarmBudgets"/>); <see cref="Instances"/> only when <c>--max-warm-workers</c> sets a cap. A host
/// answers calls concurrently, so two budgets sent in a row may be taken in either order: one whose
/// <see cref="Sequence"/> is below the last taken is stale and ignored.
/// </summary>
internal sealed record BudgetHead(long Sequence, long Bytes, int? Instances);
