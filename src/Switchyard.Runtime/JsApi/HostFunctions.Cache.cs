using Switchyard.Engine;
using Switchyard.Runtime.Cache;
using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.JsApi;

// The Cache API (caches.default, caches.open): the node's in-memory ResponseCache, partitioned by CacheScope. The
// checks Cloudflare makes before storing (GET only, no 206, no Vary: *) are made in worker-support.js, where the
// errors are thrown; the store's own rules (Cache-Control, Set-Cookie, size) apply here.
internal static partial class HostFunctions
{
    private static void AddCache(HostFunctionTable table) => table
        // (name|null, url, requestHeaderList) -> answer JSON as a binding's (bytes in a slot), or null on a miss
        .Add("__sy_cacheMatch", (c, args) =>
        {
            RequestScope scope = Handler(c);
            WorkerContextState state = State(c);
            ResponseCache cache = state.Services.Runtime.Cache;
            string? key = CacheScope.Key(scope.Worker, OptionalString(args[0]), args[1].AsString());
            if (key is null || cache.Get(key, DateTimeOffset.UtcNow) is not { } stored) return JsValue.Null;
            var (status, statusText, headers, body) = CacheMatch.Answer(stored, HostHeaderList.Split(args[2].AsString()));
            var response = new WorkerResponse(status, statusText, headers, null);
            return BindingJson.WriteAnswer(response, null, body.Length == 0 ? null : state.Slots.Put(body));
        })
        // (name|null, url, status, statusText, responseHeaderList, body bytes|null) -> whether it was stored
        .Add("__sy_cachePut", (c, args) =>
        {
            RequestScope scope = Handler(c);
            string? key = CacheScope.Key(scope.Worker, OptionalString(args[0]), args[1].AsString());
            var headers = HostHeaderList.Split(args[4].AsString());
            DateTimeOffset now = DateTimeOffset.UtcNow;
            if (key is null || CachePolicy.TimeToLive(Int(args[2]), headers, now) is not { } ttl) return JsValue.False;
            var stored = new CachedResponse(Int(args[2]), args[3].AsString(), CachePolicy.Stored(headers), CopyBytes(args[5]) ?? [], now + ttl);
            return JsValue.FromBoolean(State(c).Services.Runtime.Cache.Put(key, stored));
        })
        // (name|null, url) -> whether a live entry was deleted
        .Add("__sy_cacheDelete", (c, args) =>
        {
            RequestScope scope = Handler(c);
            string? key = CacheScope.Key(scope.Worker, OptionalString(args[0]), args[1].AsString());
            return JsValue.FromBoolean(key is not null && State(c).Services.Runtime.Cache.Delete(key, DateTimeOffset.UtcNow));
        });
}
