using System.Text.Json;
using Switchyard.Engine;
using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Host;

// Fetcher bindings (env.ASSETS, service bindings, dispatched workers): the request crosses whole, the response streams
// back by body id.
internal static partial class HostFunctions
{
    private sealed record BindingRequest(string Method, string Url, string[][] Headers, JsonElement? Cf);

    private sealed record DispatchSpec(string Script, double? CpuMs, int? SubRequests, JsonElement? Outbound);

    private static void AddBindingFetch(HostFunctionTable table) => table
        .AddAsync("__sy_bindingFetch", async (c, args) =>
        {
            WorkerContextState state = State(c);
            RequestScope scope = state.Current(c);
            string kind = args[0].AsString();
            string name = args[1].AsString();
            var meta = JsonSerializer.Deserialize<BindingRequest>(args[2].AsString(), Json)!;
            byte[]? body = CopyBytes(args[3]);
            var request = new WorkerRequest(meta.Method, meta.Url, [.. meta.Headers.Select(h => KeyValuePair.Create(h[0], h[1]))],
                body is null ? null : new MemoryStream(body, writable: false),
                meta.Cf is { ValueKind: JsonValueKind.Object } cf ? cf.GetRawText() : null);
            WorkerRuntime runtime = state.Services.Runtime;
            WorkerResponse response;
            switch (kind)
            {
                case "assets":
                    response = await runtime.FetchAssetsAsync(scope, request).ConfigureAwait(false);
                    break;
                case "dispatch":
                    var spec = JsonSerializer.Deserialize<DispatchSpec>(args[4].AsString(), Json)!;
                    try
                    {
                        response = await runtime.FetchDispatchAsync(scope, name,
                            new DispatchTarget(spec.Script, spec.CpuMs, spec.SubRequests, spec.Outbound), request).ConfigureAwait(false);
                    }
                    catch (WorkerException e)
                    {
                        // The dispatcher's fetch() rejects; worker-support.js tags limit errors so an uncaught one is a 1102.
                        return JsonSerializer.Serialize(new { failure = new { message = e.IsLimit ? e.Message : e.ErrorMessage ?? e.Message, limit = e.IsLimit } });
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
            return JsonSerializer.Serialize(new
            {
                status = response.Status,
                statusText = response.StatusText,
                headers = response.Headers.Select(h => new[] { h.Key, h.Value }),
                body = bodyId,
                bytes = bytesSlot,
            });
        });
}
