using System.Text.Json;
using Switchyard.Engine;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Routing;

namespace Switchyard.Runtime.JsApi;

// Fetcher bindings (env.ASSETS, service bindings, dispatched workers): the request crosses whole, as plain arguments
// with its headers joined (HostHeaderList) and cf as JSON, and so does a dispatch target (script, cpuMs, subRequests,
// outbound params as JSON); the response streams back by body id.
internal static partial class HostFunctions
{
    private static void AddBindingFetch(HostFunctionTable table) => table
        .AddAsync("__sy_bindingFetch", async (c, args) =>
        {
            WorkerContextState state = State(c);
            RequestScope scope = Handler(c);
            string kind = args[0].AsString();
            string name = args[1].AsString();
            byte[]? body = CopyBytes(args[6]);
            var request = new WorkerRequest(args[2].AsString(), args[3].AsString(), HostHeaderList.Split(args[4].AsString()),
                body is null ? null : new MemoryStream(body, writable: false), args[5].Kind == JsValueKind.String ? args[5].AsString() : null);
            WorkerRuntime runtime = state.Services.Runtime;
            WorkerResponse response;
            switch (kind)
            {
                case "assets":
                    response = await runtime.FetchAssetsAsync(scope, request).ConfigureAwait(false);
                    break;
                case "dispatch":
                    DispatchTarget target = DispatchTargetOf(args[7], args[8], args[9], args[10]);
                    try
                    {
                        response = await runtime.FetchDispatchAsync(scope, name, target, request).ConfigureAwait(false);
                    }
                    catch (WorkerException e)
                    {
                        // The dispatcher's fetch() rejects; worker-support.js tags limit errors so an uncaught one is a 1102.
                        return BindingJson.WriteFailure(e.IsLimit ? e.Message : e.ErrorMessage ?? e.Message, e.IsLimit);
                    }
                    break;
                default:
                    response = await runtime.FetchServiceAsync(scope, name, request).ConfigureAwait(false);
                    break;
            }
            // A body the target held whole goes over as bytes, so the caller's Response has no stream to pull through
            // the host (a dispatcher returning its user worker's response then costs no body reads at all).
            int? bytesSlot = null, bodyId = null;
            if (response.TryGetWholeBody(out ReadOnlyMemory<byte> whole))
                bytesSlot = state.Slots.Put(whole);
            else if (response.Body is not null)
                bodyId = state.Bodies.Add(response.Body);
            int? webSocketId = response.WebSocket is { } webSocket ? scope.WebSockets.Add(webSocket) : null;
            return BindingJson.WriteAnswer(response, bodyId, bytesSlot, webSocketId);
        });

    /// <summary>What <c>DispatchNamespace.get()</c> passed (validated there): nulls where a limit or the outbound params were not given.</summary>
    private static DispatchTarget DispatchTargetOf(JsValue script, JsValue cpuMs, JsValue subRequests, JsValue outboundJson) => new(
        script.AsString(),
        cpuMs.Kind == JsValueKind.Number ? cpuMs.AsNumber() : null,
        subRequests.Kind == JsValueKind.Number ? (int)subRequests.AsNumber() : null,
        outboundJson.Kind == JsValueKind.String ? JsonSerializer.Deserialize<JsonElement>(outboundJson.AsString()) : null);
}
