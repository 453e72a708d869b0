using Microsoft.Extensions.DependencyInjection;
using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Auth;
using Switchyard.ControlPlane.Namespaces;
using Switchyard.Storage.Accounts;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts;

/// <summary>
/// The script a per-script endpoint addresses: account-level (<c>/workers/scripts/{script_name}</c>) or in a dispatch
/// namespace (<c>/workers/dispatch/namespaces/{namespace}/scripts/{script_name}</c>). The two differ only in owner
/// and in the not-found code wrangler expects (10007 vs 10092).
/// </summary>
public sealed record ScriptLocation(Account Account, DispatchNamespace? Namespace, string Name)
{
    public const string NamespaceRouteKey = "namespace";
    public const string ScriptRouteKey = "script_name";

    public ScriptOwner Owner => Namespace is null ? ScriptOwner.Account(Account.Id) : ScriptOwner.Namespace(Namespace);

    public ApiException NotFound() => Namespace is null
        ? ApiException.NotFound(ScriptErrors.WorkerNotFound, $"Worker '{Name}' not found")
        : ApiException.NotFound(ScriptErrors.NamespaceScriptNotFound, $"Worker '{Name}' not found in dispatch namespace '{Namespace.Name}'");

    /// <summary>Validates the route's names and looks up the namespace (404 100119 when the account has none of that name).</summary>
    public static async Task<ScriptLocation> ResolveAsync(HttpContext ctx)
    {
        var name = ctx.Request.RouteValues[ScriptRouteKey] as string;
        ScriptNames.RequireValidScript(name);
        var ns = ctx.Request.RouteValues[NamespaceRouteKey] is string nsName
            ? await NamespaceLookup.RequireAsync(ctx.RequestServices.GetRequiredService<INamespaceStore>(), ctx.Account().Id, nsName, ctx.RequestAborted)
            : null;
        return new ScriptLocation(ctx.Account(), ns, name!);
    }

    /// <summary>The script, or the not-found error of this path.</summary>
    public async Task<WorkerScript> RequireAsync(IScriptStore scripts, CancellationToken ct = default) =>
        await scripts.FindAsync(Owner, Name, ct) ?? throw NotFound();

    /// <summary>The script the route of <paramref name="ctx"/> addresses, or that path's not-found error.</summary>
    public static async Task<WorkerScript> RequireScriptAsync(HttpContext ctx, IScriptStore scripts) =>
        await (await ResolveAsync(ctx)).RequireAsync(scripts, ctx.RequestAborted);
}
