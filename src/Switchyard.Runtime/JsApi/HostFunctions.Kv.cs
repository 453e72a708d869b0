using System.Text.Json;
using Switchyard.Engine;
using Switchyard.Storage.Kv;

namespace Switchyard.Runtime.JsApi;

// KV bindings: entry operations on namespaces checked to belong to the worker's account when it was loaded.
// The embedded (SQLite) store does its work before returning, so operations are started off the isolate's thread.
internal static partial class HostFunctions
{
    private sealed record KvPutOptions(long? Expiration, long? ExpirationTtl, string? Metadata);
    private sealed record KvListOptions(string? Prefix, int? Limit, string? Cursor);

    private static void AddKv(HostFunctionTable table) => table
        .AddAsync("__sy_kvGet", (c, args) =>
        {
            var (state, kv, ns) = KvTarget(c, args[0]);
            string key = args[1].AsString();
            return Task.Run(async () =>
            {
                KvEntry? entry = await kv.GetAsync(ns, key);
                return entry is null
                    ? JsValue.Null
                    : JsonSerializer.Serialize(new { slot = state.Slots.Put(entry.Value), metadata = entry.Metadata });
            });
        })
        .AddAsync("__sy_kvPut", (c, args) =>
        {
            var (_, kv, ns) = KvTarget(c, args[0]);
            string key = args[1].AsString();
            byte[] value = CopyBytes(args[2]) ?? [];
            var options = JsonSerializer.Deserialize<KvPutOptions>(args[3].AsString(), Json)!;
            return Task.Run(async () =>
            {
                await kv.PutAsync(ns, new KvWrite(key, value, options.Metadata, options.Expiration, options.ExpirationTtl));
                return JsValue.Undefined;
            });
        })
        .AddAsync("__sy_kvDelete", (c, args) =>
        {
            var (_, kv, ns) = KvTarget(c, args[0]);
            string key = args[1].AsString();
            return Task.Run(async () =>
            {
                await kv.DeleteAsync(ns, key);
                return JsValue.Undefined;
            });
        })
        .AddAsync("__sy_kvList", (c, args) =>
        {
            var (_, kv, ns) = KvTarget(c, args[0]);
            var options = JsonSerializer.Deserialize<KvListOptions>(args[1].AsString(), Json)!;
            return Task.Run(async () =>
            {
                KvKeyPage page = await kv.ListKeysAsync(ns, options.Prefix, options.Limit ?? KvRules.MaxListLimit, options.Cursor);
                return (JsValue)JsonSerializer.Serialize(new
                {
                    keys = page.Keys.Select(k => new { name = k.Name, expiration = k.Expiration, metadata = k.Metadata }),
                    list_complete = page.ListComplete,
                    cursor = page.Cursor,
                });
            });
        });

    private static (WorkerContextState State, IKvStore Kv, string Namespace) KvTarget(JsContext context, JsValue namespaceId)
    {
        Handler(context);
        WorkerContextState state = State(context);
        string ns = namespaceId.AsString();
        if (!state.Services.KvNamespaces.Contains(ns)) throw new InvalidOperationException($"KV namespace '{ns}' is not bound to this worker.");
        state.Current(context).Limits.CountKvOperation();
        return (state, state.Services.Runtime.Kv, ns);
    }
}
