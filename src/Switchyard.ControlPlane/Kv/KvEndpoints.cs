using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Auth;
using Switchyard.Storage.Kv;

namespace Switchyard.ControlPlane.Kv;

/// <summary>
/// Workers KV under <c>/accounts/{account_id}/storage/kv/namespaces</c>: namespaces, single values, key listing and
/// bulk operations. Store refusals (<see cref="KvException"/>) become error envelopes with their code and the status
/// Cloudflare gives their kind.
/// </summary>
public static class KvEndpoints
{
    public static void Map(RouteGroupBuilder account)
    {
        var namespaces = account.MapGroup("/storage/kv/namespaces").AddEndpointFilter(async (invocation, next) =>
        {
            try { return await next(invocation); }
            catch (KvException e) { throw new ApiException(StatusOf(e.Kind), e.Code, e.Message); }
        });
        KvNamespaceEndpoints.Map(namespaces);
        KvValueEndpoints.Map(namespaces);
        KvBulkEndpoints.Map(namespaces);
    }

    /// <summary>
    /// The caller's namespace <paramref name="id"/>. Another account's namespace is answered exactly like a missing one
    /// (404, 10013), so ids never reveal what other accounts own.
    /// </summary>
    internal static async Task<KvNamespace> NamespaceAsync(this IKvStore kv, HttpContext ctx, string id, string operation)
    {
        if (id.Length != 32 || !id.All(Uri.IsHexDigit)) throw KvErrors.MalformedNamespaceId(id);
        return await kv.GetNamespaceAsync(ctx.Account().Id, id.ToLowerInvariant(), ctx.RequestAborted)
               ?? throw KvErrors.NamespaceNotFound(operation);
    }

    /// <summary>The HTTP status Cloudflare answers each kind of KV refusal with.</summary>
    internal static int StatusOf(KvRefusal kind) => kind switch
    {
        KvRefusal.NotFound => StatusCodes.Status404NotFound,
        KvRefusal.TooLarge => StatusCodes.Status413PayloadTooLarge,
        KvRefusal.KeyTooLong => StatusCodes.Status414UriTooLong,
        _ => StatusCodes.Status400BadRequest,
    };

    internal static object Describe(KvNamespace ns) => new { id = ns.Id, title = ns.Title, supports_url_encoding = true };
}
