using System.Text;
using System.Text.Json;
using Switchyard.Engine;
using Switchyard.Observability.Tracing;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Routing;

namespace Switchyard.Runtime.JsApi;

// JS RPC over service bindings and dispatch fetchers: the call runs as a nested invocation of the target (limits,
// nesting depth, metrics and traces as for a fetch), whose response body is the method's result as worker-support.js
// encodes it. The caller gets {value}, {error: {name, message}} for what the method threw, or {failure} for a limit.
internal static partial class HostFunctions
{
    private static void AddRpc(HostFunctionTable table) => table
        // (kind: "service"|"dispatch", binding name, method, encoded arguments, dispatch target: script, cpuMs, subRequests, outbound)
        .AddAsync("__sy_rpcCall", async (c, args) =>
        {
            RequestScope scope = Handler(c);
            WorkerRuntime runtime = State(c).Services.Runtime;
            string kind = args[0].AsString(), name = args[1].AsString(), method = args[2].AsString(), arguments = args[3].AsString();
            WorkerRequest request = new RpcCall(null, method, arguments, null).AsRequest();
            WorkerResponse response;
            try
            {
                response = kind == "dispatch"
                    ? await runtime.FetchDispatchAsync(scope, name, DispatchTargetOf(args[4], args[5], args[6], args[7]), request, method, arguments)
                        .ConfigureAwait(false)
                    : await runtime.FetchServiceAsync(scope, name, request, method, arguments).ConfigureAwait(false);
            }
            catch (WorkerException e) when (e.Failure == WorkerFailure.Exception)
            {
                TraceException thrown = TraceException.FromStack(e.JsStack, e.ErrorMessage, DateTimeOffset.UtcNow);
                return JsonSerializer.Serialize(new { error = new { name = thrown.Name, message = thrown.Message } });
            }
            catch (WorkerException e)
            {
                return BindingJson.WriteFailure(e.IsLimit ? e.Message : e.ErrorMessage ?? e.Message, e.IsLimit);
            }
            string value;
            if (response.TryGetWholeBody(out ReadOnlyMemory<byte> whole)) value = Encoding.UTF8.GetString(whole.Span);
            else
            {
                await using Stream body = response.Body ?? Stream.Null;
                using var reader = new StreamReader(body, Encoding.UTF8);
                value = await reader.ReadToEndAsync(scope.Aborted).ConfigureAwait(false);
            }
            return JsonSerializer.Serialize(new { value });
        });
}
