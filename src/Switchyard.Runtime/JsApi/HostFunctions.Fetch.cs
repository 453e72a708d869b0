using System.Text.Json;
using Switchyard.Engine;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Limits;
using Switchyard.Runtime.Outbound;
using Switchyard.Runtime.Routing;

namespace Switchyard.Runtime.JsApi;

// fetch(): one outbound request per call, counted against the invocation's subrequest limit, to the network or (for a
// dispatched worker with an outbound worker) to the dispatcher's outbound worker; bodies streamed by id.
internal static partial class HostFunctions
{
    private sealed record FetchMeta(int Id, string Method, string Url, string[][] Headers, string Redirect);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static void AddFetch(HostFunctionTable table) => table
        .AddAsync("__sy_fetch", async (c, args) =>
        {
            WorkerContextState state = State(c);
            RequestScope scope = Handler(c);
            var meta = JsonSerializer.Deserialize<FetchMeta>(args[0].AsString(), Json)!;
            byte[]? body = CopyBytes(args[1]);
            CountSubrequest(c, scope);
            var request = new OutboundRequest(meta.Method, meta.Url, [.. meta.Headers.Select(h => KeyValuePair.Create(h[0], h[1]))], body,
                meta.Redirect switch { "manual" => RedirectMode.Manual, "error" => RedirectMode.Error, _ => RedirectMode.Follow });
            CancellationTokenSource abort = state.Fetches.Add(meta.Id, scope.Aborted);
            try
            {
                OutboundResponse response = scope.Outbound is { } route
                    ? await FetchThroughOutboundWorkerAsync(state.Services.Runtime, scope, route, request, abort.Token).ConfigureAwait(false)
                    : await FetchFromNetworkAsync(state.Services.Runtime.Outbound, scope, request, abort.Token).ConfigureAwait(false);
                int? bodyId = response.Body is null ? null : state.Bodies.Add(response.Body);
                int? webSocketId = response.WebSocket is { } webSocket ? scope.WebSockets.Add(webSocket) : null;
                return JsonSerializer.Serialize(new
                {
                    status = response.Status,
                    statusText = response.StatusText,
                    headers = response.Headers.Select(h => new[] { h.Key, h.Value }),
                    url = response.Url,
                    redirected = response.Redirected,
                    body = bodyId,
                    webSocket = webSocketId,
                });
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                throw new OperationCanceledException("The operation was aborted.");
            }
            finally
            {
                state.Fetches.Complete(meta.Id, abort);
            }
        })
        .AddAsync("__sy_readBody", async (c, args) =>
        {
            WorkerContextState state = State(c);
            byte[]? chunk = await state.Bodies.ReadAsync(Int(args[0]), state.Current(c).Aborted).ConfigureAwait(false);
            return chunk is null ? JsValue.Null : state.Slots.Put(chunk);
        })
        .Add("__sy_cancelBody", (c, args) =>
        {
            State(c).Bodies.Cancel(Int(args[0]));
            return JsValue.Undefined;
        })
        .Add("__sy_abortFetch", (c, args) =>
        {
            State(c).Fetches.Cancel(Int(args[0]));
            return JsValue.Undefined;
        });

    /// <summary>
    /// A request to the network, holding one of the invocation's six places for connections waiting for their response
    /// until its headers arrive (an outbound worker's own fetch() holds places of its own invocation).
    /// </summary>
    private static async Task<OutboundResponse> FetchFromNetworkAsync(IOutboundFetcher network, RequestScope scope,
        OutboundRequest request, CancellationToken ct)
    {
        using ConnectionPlace place = await scope.Limits.EnterConnectionAsync(ct).ConfigureAwait(false);
        return IsWebSocketUpgrade(request)
            ? await network.ConnectWebSocketAsync(scope.Caller, request, ct).ConfigureAwait(false)
            : await network.FetchAsync(scope.Caller, request, ct).ConfigureAwait(false);
    }

    /// <summary>The outbound worker decides (block, rewrite, or its own fetch() to the network); its response is final.</summary>
    private static async Task<OutboundResponse> FetchThroughOutboundWorkerAsync(WorkerRuntime runtime, RequestScope scope,
        OutboundRoute route, OutboundRequest request, CancellationToken ct)
    {
        var forwarded = new WorkerRequest(request.Method, request.Url, request.Headers,
            request.Body is null ? null : new MemoryStream(request.Body, writable: false));
        WorkerResponse response = await runtime.FetchOutboundAsync(scope, route, forwarded, ct).ConfigureAwait(false);
        return new OutboundResponse(response.Status, response.StatusText, response.Headers, request.Url, Redirected: false, response.Body)
        {
            WebSocket = response.WebSocket,
        };
    }

    /// <summary>Whether a fetch() asks for a WebSocket (<c>Upgrade: websocket</c>), as Workers' fetch() does for them.</summary>
    private static bool IsWebSocketUpgrade(OutboundRequest request)
    {
        foreach (var (name, value) in request.Headers)
            if (name.Equals("upgrade", StringComparison.OrdinalIgnoreCase) && value.Trim().Equals("websocket", StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }
}
