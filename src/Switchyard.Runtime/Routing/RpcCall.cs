using System.Text.Json;
using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Routing;

/// <summary>
/// What a service binding or dispatch fetcher asks of its target beyond a plain fetch: the named entrypoint (null: the
/// default export), the JS RPC method with its arguments (encoded by worker-support.js; null method: a fetch through
/// that entrypoint), and the binding's props (<c>ctx.props</c>). Crosses into the target's <c>invoke()</c> as JSON.
/// </summary>
public sealed record RpcCall(string? Entrypoint, string? Method, string? Arguments, JsonElement? Props)
{
    public string ToJson() => JsonSerializer.Serialize(new { entrypoint = Entrypoint, method = Method, args = Arguments, props = Props });

    /// <summary>The request an RPC call is recorded as (logs, metrics, traces): method "RPC", URL naming the method.</summary>
    public WorkerRequest AsRequest() => new("RPC", $"rpc:{Entrypoint ?? "default"}.{Method}", [], null);
}
