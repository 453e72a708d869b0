using System.Text.Json;
using Switchyard.Engine;
using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Host;

// Fetcher bindings (env.ASSETS, service bindings): the request crosses whole, the response streams back by body id.
internal static partial class HostFunctions
{
    private sealed record BindingRequest(string Method, string Url, string[][] Headers);

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
                body is null ? null : new MemoryStream(body, writable: false));
            WorkerResponse response = kind == "assets"
                ? await state.Services.Runtime.FetchAssetsAsync(scope, request).ConfigureAwait(false)
                : await state.Services.Runtime.FetchServiceAsync(scope, name, request).ConfigureAwait(false);
            int? bodyId = response.Body is null ? null : state.Bodies.Add(response.Body);
            return JsonSerializer.Serialize(new
            {
                status = response.Status,
                statusText = response.StatusText,
                headers = response.Headers.Select(h => new[] { h.Key, h.Value }),
                body = bodyId,
            });
        });
}
