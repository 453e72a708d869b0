using System.Text;
using Microsoft.Extensions.Logging;
using Switchyard.Observability.Tracing;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Outbound;
using Switchyard.Runtime.Routing;
using Switchyard.Runtime.Telemetry;
using Switchyard.Storage.Blobs;
using Switchyard.Storage.Kv;
using Switchyard.WorkerHosts.Ipc;
using Switchyard.WorkerHosts.Protocol;

namespace Switchyard.WorkerHosts.Server;

/// <summary>
/// Answers a worker host's calls (<see cref="HostMethods"/>): each is checked against that host's
/// <see cref="HostGrants"/> before the server's own services (blobs, KV, outbound fetch, assets, binding calls, logs)
/// act on it. Subrequests and binding calls must also name a running invocation's ticket (<see cref="HostTickets"/>):
/// the ticket, not the host, says the caller's depth, and counts its subrequests. A refused call is cancelled with the
/// reason and logged as a warning: a host does not ask beyond its grants unless something in it has gone wrong.
/// </summary>
internal sealed class HostRequests(IBlobStore blobs, IKvStore kv, IOutboundFetcher outbound, ISocketDialer dialer, Func<IAssetsBinding?> assets,
    IEnumerable<IWorkerLogSink> logSinks, IEnumerable<ITraceSink> traceSinks, ILogger<HostRequests> logger)
{
    private readonly IWorkerLogSink[] _logSinks = [.. logSinks];

    /// <summary>The server's trace sinks: they decide which invocations are traced, and get the hosts' traces.</summary>
    public ITraceSink[] TraceSinks { get; } = [.. traceSinks];

    /// <summary>Where binding calls go (set by <see cref="HostedWorkers"/>, which owns this).</summary>
    internal IBindingCalls? Workers { get; set; }

    /// <summary>The node's rate limit counters: every host's calls count together here.</summary>
    internal Runtime.Bindings.IRateLimiter RateLimits { get; } = new Runtime.Bindings.RateLimiter();

    /// <summary>Where the hosts' metrics are counted (set by <see cref="HostedWorkers"/>).</summary>
    internal IInvocationMetrics? Metrics { get; set; }

    /// <summary>Told when a host has reported what its warm isolates hold (set by <see cref="HostedWorkers"/>, which shares the budget out).</summary>
    internal Action? WarmReported { get; set; }

    /// <summary>Grants a host validating an upload of <paramref name="accountId"/> that account and the upload's KV namespaces it has.</summary>
    public async Task GrantNamespacesAsync(HostGrants grants, string accountId, Storage.Scripts.VersionContent candidate, CancellationToken ct)
    {
        var owned = new List<string>();
        foreach (Storage.Scripts.KvNamespaceBinding binding in candidate.Bindings.OfType<Storage.Scripts.KvNamespaceBinding>())
            if (await kv.GetNamespaceAsync(accountId, binding.NamespaceId, ct).ConfigureAwait(false) is not null) owned.Add(binding.NamespaceId);
        grants.GrantAccount(accountId, owned, Environment.TickCount64);
    }

    /// <summary>What a host loading <paramref name="version"/> for the first time needs: the version, and its modules when small.</summary>
    public async Task<VersionPreload> PreloadAsync(Storage.Scripts.DeployedVersion version, CancellationToken ct)
    {
        var modules = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long total = 0;
        foreach (Storage.Scripts.ScriptModule module in version.Version.Content.Modules)
        {
            if (module.Kind == Storage.Scripts.ModuleKind.SourceMap || modules.ContainsKey(module.BlobKey)) continue;
            if (await blobs.ReadAllAsync(module.BlobKey, ct).ConfigureAwait(false) is not { } bytes) return new VersionPreload(version, null);
            total += bytes.Length;
            if (total > VersionPreload.MaxModuleBytes) return new VersionPreload(version, null);
            modules[module.BlobKey] = bytes;
        }
        return new VersionPreload(version, modules);
    }

    public async Task AnswerAsync(HostGrants grants, ChannelCall call)
    {
        try
        {
            switch (call.Method)
            {
                case HostMethods.Version: await VersionAsync(grants, call).ConfigureAwait(false); break;
                case HostMethods.Blob: await BlobAsync(grants, call).ConfigureAwait(false); break;
                case HostMethods.Kv: await KvAsync(grants, call).ConfigureAwait(false); break;
                case HostMethods.RateLimit: await RateLimitAsync(grants, call).ConfigureAwait(false); break;
                case HostMethods.Fetch: await FetchAsync(grants, call).ConfigureAwait(false); break;
                case HostMethods.Socket: await SocketAsync(grants, call).ConfigureAwait(false); break;
                case HostMethods.Binding: await BindingAsync(grants, call).ConfigureAwait(false); break;
                case HostMethods.Assets: await AssetsAsync(grants, call).ConfigureAwait(false); break;
                case HostMethods.Log: await LogAsync(grants, call).ConfigureAwait(false); break;
                case HostMethods.Trace: await TraceAsync(grants, call).ConfigureAwait(false); break;
                case HostMethods.Metrics: await MetricsAsync(grants, call).ConfigureAwait(false); break;
                case HostMethods.WebSocket: await WebSocketAsync(grants, call).ConfigureAwait(false); break;
                default: Refuse(grants, call, $"there is no call '{call.Method}'"); break;
            }
        }
        catch (RefusedException)
        {
        }
    }

    private async Task VersionAsync(HostGrants grants, ChannelCall call)
    {
        string id = Encoding.UTF8.GetString(call.Head.Span);
        Granted granted = grants.Version(id) ?? throw Refuse(grants, call, $"version {id} was not sent to it");
        await ReplyAsync(call, WireJson.Write(granted.Version)).ConfigureAwait(false);
    }

    private async Task BlobAsync(HostGrants grants, ChannelCall call)
    {
        string key = Encoding.UTF8.GetString(call.Head.Span);
        if (!grants.MayRead(key)) throw Refuse(grants, call, $"blob {key} is no module of a version it runs");
        byte[]? content = await blobs.ReadAllAsync(key, call.Aborted).ConfigureAwait(false);
        if (content is null)
        {
            call.SendReplyAndEnd("0"u8.ToArray());
            return;
        }
        call.SendReply("1"u8.ToArray());
        await InvocationWire.PumpAsync(call, new MemoryStream(content, writable: false)).ConfigureAwait(false);
    }

    private async Task RateLimitAsync(HostGrants grants, ChannelCall call)
    {
        RateLimitHead head = WireJson.Read<RateLimitHead>(call.Head);
        var simple = new Storage.Scripts.RateLimitSimple(head.Limit, head.Period);
        if (!grants.MayRateLimit(head.AccountId, head.Namespace, simple))
            throw Refuse(grants, call, $"rate limit {head.Namespace} ({head.Limit}/{head.Period} s) is bound to no version it runs");
        bool success = await RateLimits.TryTakeAsync(head.AccountId, head.Namespace, simple, head.Key, call.Aborted).ConfigureAwait(false);
        await ReplyAsync(call, WireJson.Write(new RateLimitReply(success))).ConfigureAwait(false);
    }

    private async Task KvAsync(HostGrants grants, ChannelCall call)
    {
        KvHead head = WireJson.Read<KvHead>(call.Head);
        if (!grants.MayUseKv(head.Namespace)) throw Refuse(grants, call, $"KV namespace {head.Namespace} is bound to no version it runs");
        CancellationToken ct = call.Aborted;
        switch (head.Op)
        {
            case "get":
                KvEntry? entry = await kv.GetAsync(head.Namespace, head.Key!, ct).ConfigureAwait(false);
                if (entry is null)
                {
                    await ReplyAsync(call, WireJson.Write(new KvReply(false, null, null))).ConfigureAwait(false);
                    return;
                }
                call.SendReply(WireJson.Write(new KvReply(true, entry.Metadata, entry.Expiration)));
                await InvocationWire.PumpAsync(call, new MemoryStream(entry.Value, writable: false)).ConfigureAwait(false);
                return;
            case "put":
                byte[] value = await PlainCall.ReadBodyAsync(call, ct).ConfigureAwait(false);
                await kv.PutAsync(head.Namespace, new KvWrite(head.Key!, value, head.Metadata, head.Expiration, head.ExpirationTtl), ct)
                    .ConfigureAwait(false);
                await ReplyAsync(call, WireJson.Write(new KvReply(true, null, null))).ConfigureAwait(false);
                return;
            case "namespace":
                // Whether the bound namespace still exists (a worker's env leaves out a binding to a deleted one).
                KvNamespace? found = grants.Serves(head.Key!) ? await kv.GetNamespaceAsync(head.Key!, head.Namespace, ct).ConfigureAwait(false) : null;
                await ReplyAsync(call, WireJson.Write(new KvReply(found is not null, null, null))).ConfigureAwait(false);
                return;
            case "delete":
                bool deleted = await kv.DeleteAsync(head.Namespace, head.Key!, ct).ConfigureAwait(false);
                await ReplyAsync(call, WireJson.Write(new KvReply(deleted, null, null))).ConfigureAwait(false);
                return;
            case "list":
                KvKeyPage page = await kv.ListKeysAsync(head.Namespace, head.Prefix, head.Limit ?? KvRules.MaxListLimit, head.Cursor, ct)
                    .ConfigureAwait(false);
                await ReplyAsync(call, WireJson.Write(page)).ConfigureAwait(false);
                return;
            default:
                throw Refuse(grants, call, $"there is no KV operation '{head.Op}'");
        }
    }

    private async Task FetchAsync(HostGrants grants, ChannelCall call)
    {
        FetchHead head = WireJson.Read<FetchHead>(call.Head);
        CountSubrequest(grants, call, head.Caller, head.Ticket);
        byte[]? body = head.HasBody ? await PlainCall.ReadBodyAsync(call, call.Aborted).ConfigureAwait(false) : null;
        var request = new OutboundRequest(head.Method, head.Url, head.Headers, body, head.Redirect);
        var caller = new OutboundCaller(head.Caller, head.Ticket);
        OutboundResponse response;
        try
        {
            response = head.WebSocket
                ? await outbound.ConnectWebSocketAsync(caller, request, call.Aborted).ConfigureAwait(false)
                : await outbound.FetchAsync(caller, request, call.Aborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The worker's fetch() rejects with what the network said (as in one process: HttpOutboundFetcher's message).
            call.Cancel(e.Message);
            return;
        }
        long? webSocket = response.WebSocket is { } connection ? grants.WebSockets.HandOver(connection) : null;
        call.SendReply(WireJson.Write(new FetchReply(response.Status, response.StatusText, response.Headers, response.Url, response.Redirected, webSocket)));
        if (response.Body is { } stream) await InvocationWire.PumpAsync(call, stream).ConfigureAwait(false);
        else await call.EndAsync().ConfigureAwait(false);
    }

    private async Task SocketAsync(HostGrants grants, ChannelCall call)
    {
        SocketHead head = WireJson.Read<SocketHead>(call.Head);
        CountSubrequest(grants, call, head.Caller, head.Ticket);
        SocketConnection connection;
        try
        {
            connection = await dialer.ConnectAsync(new OutboundCaller(head.Caller, head.Ticket), head.Host, head.Port, call.Aborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            call.Cancel(e.Message);  // what connect() rejects with, as in one process
            return;
        }
        call.SendReply(WireJson.Write(new SocketReply(connection.RemoteAddress, connection.LocalAddress)));
        await SocketRelay.RunAsync(call, connection).ConfigureAwait(false);
    }

    private Task BindingAsync(HostGrants grants, ChannelCall call)
    {
        BindingHead head = BinaryHeads.ReadBinding(call.Head.Span);
        Granted caller = grants.Version(head.CallerVersionId) ?? throw Refuse(grants, call, $"version {head.CallerVersionId} was not sent to it");
        InvocationTicket ticket = Running(grants, call, head.Call.Ticket);
        if (ticket.VersionId != head.CallerVersionId)
            throw Refuse(grants, call, $"ticket {head.Call.Ticket} is an invocation of version {ticket.VersionId}, not {head.CallerVersionId}");
        if (head.Call.CallerDepth != ticket.Depth)
            throw Refuse(grants, call, $"it named depth {head.Call.CallerDepth} for an invocation sent to it at depth {ticket.Depth}");
        // A fetch() routed through the dispatcher's outbound worker is the caller's subrequest (the host counted it too).
        if (head.Call.Kind == BindingCallKind.Outbound && !ticket.TryCountSubrequest())
            throw Refuse(grants, call, $"invocation {head.Call.Ticket} is past its {ticket.SubrequestLimit} subrequests");
        IBindingCalls workers = Workers ?? throw new InvalidOperationException("Binding calls are not routed yet.");
        return InvocationWire.AnswerAsync(call, head.Request, (request, ct) => workers.CallAsync(caller.Worker, caller.Version, head.Call, request, ct),
            grants.WebSockets, refusable: true);
    }

    private Task AssetsAsync(HostGrants grants, ChannelCall call)
    {
        AssetsHead head = WireJson.Read<AssetsHead>(call.Head);
        Granted granted = grants.Version(head.VersionId) ?? throw Refuse(grants, call, $"version {head.VersionId} was not sent to it");
        IAssetsBinding site = assets() ?? throw Refuse(grants, call, "this server serves no static assets");
        return InvocationWire.AnswerAsync(call, head.Request, (request, ct) => site.FetchAsync(granted.Version, request, ct), grants.WebSockets);
    }

    private async Task LogAsync(HostGrants grants, ChannelCall call)
    {
        WorkerLogEntry entry = WireJson.Read<WorkerLogEntry>(call.Head);
        if (!grants.Serves(entry.AccountId)) throw Refuse(grants, call, $"it runs no worker of account {entry.AccountId}");
        foreach (IWorkerLogSink sink in _logSinks) sink.Write(entry);
        await ReplyAsync(call, default).ConfigureAwait(false);
    }

    private async Task TraceAsync(HostGrants grants, ChannelCall call)
    {
        TraceEvent trace = WireJson.Read<TraceEvent>(call.Head);
        if (!grants.Serves(trace.Target.AccountId)) throw Refuse(grants, call, $"it runs no worker of account {trace.Target.AccountId}");
        // Where its events go is the script's setting as the server sent it, never what the host says.
        trace = trace with { TailConsumers = grants.Version(trace.VersionId)?.Worker is { } worker && worker.AccountId == trace.Target.AccountId
            && worker.ScriptName == trace.Target.Script && worker.NamespaceName == trace.Target.Namespace ? worker.TailConsumers : [] };
        foreach (ITraceSink sink in TraceSinks) sink.Publish(trace);
        await ReplyAsync(call, default).ConfigureAwait(false);
    }

    private async Task WebSocketAsync(HostGrants grants, ChannelCall call)
    {
        if (!grants.WebSockets.TryServe(call, out Task relay)) throw Refuse(grants, call, "no WebSocket handed to it waits under that id");
        await relay.ConfigureAwait(false);
    }

    private async Task MetricsAsync(HostGrants grants, ChannelCall call)
    {
        MetricsBatch batch = BinaryHeads.ReadMetrics(call.Head.Span);
        IInvocationMetrics metrics = Metrics ?? throw new InvalidOperationException("Metrics are not counted yet.");
        foreach (MetricRecord record in batch.Records)
        {
            if (!grants.Serves(record.Account)) throw Refuse(grants, call, $"it runs no worker of account {record.Account}");
            var worker = Storage.Scripts.WorkerRef.Named(record.Account, record.Script, record.Namespace);
            switch (record.Kind)
            {
                case 'i':
                    metrics.Invoked(worker, record.Failure, TimeSpan.FromSeconds(record.CpuSeconds), TimeSpan.FromSeconds(record.WallSeconds),
                        record.Subrequests, record.KvOperations, null);
                    if (record.Ticket is long ticket) grants.Tickets.Return(ticket);
                    break;
                case 'c': metrics.ColdStart(worker); break;
                case 'e': metrics.Evicted(worker); break;
            }
        }
        if (batch.Warm is { } warm)
        {
            grants.Warm = [.. warm.Where(w => grants.Serves(w.Account))
                .Select(w => (Storage.Scripts.WorkerRef.Named(w.Account, w.Script, w.Namespace), w.Bytes))];
            WarmReported?.Invoke();
        }
        await ReplyAsync(call, default).ConfigureAwait(false);
    }

    // A fetch or connect(): made for a running invocation of the worker it names, within that invocation's subrequests.
    private void CountSubrequest(HostGrants grants, ChannelCall call, Storage.Scripts.WorkerRef caller, long? ticketId)
    {
        InvocationTicket ticket = Running(grants, call, ticketId);
        if (!ticket.IsFor(caller)) throw Refuse(grants, call, $"ticket {ticketId} is no invocation of {caller.ScriptName} (account {caller.AccountId})");
        if (!ticket.TryCountSubrequest()) throw Refuse(grants, call, $"invocation {ticketId} is past its {ticket.SubrequestLimit} subrequests");
    }

    private InvocationTicket Running(HostGrants grants, ChannelCall call, long? ticketId) =>
        grants.Tickets.Find(ticketId) ?? throw Refuse(grants, call, ticketId is null ? "the call names no invocation"
            : $"no invocation sent to it is running under ticket {ticketId}");

    private static Task ReplyAsync(ChannelCall call, ReadOnlyMemory<byte> head)
    {
        call.SendReplyAndEnd(head);
        return Task.CompletedTask;
    }

    private RefusedException Refuse(HostGrants grants, ChannelCall call, string why)
    {
        logger.LogWarning("Refused a call '{Method}' of worker host {Pid}: {Why}", call.Method, grants.ProcessId, why);
        call.Cancel($"Refused: {why}.");
        return new RefusedException();
    }

    private sealed class RefusedException : Exception;
}
