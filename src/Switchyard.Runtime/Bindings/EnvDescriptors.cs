using System.Text.Json;
using Switchyard.Storage.Kv;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Bindings;

/// <summary>
/// Turns a version's bindings into the descriptors <c>worker-support.js</c> builds <c>env</c> from:
/// variables by value, KV namespaces by id (only the account's own), fetchers and dispatch namespaces by name, the
/// version's metadata as a JSON value, rate limits by binding name.
/// </summary>
internal static class EnvDescriptors
{
    private sealed record Descriptor(string Name, string Type, string? Value);

    public static async Task<(string Json, IReadOnlySet<string> KvNamespaces, IReadOnlyList<string> Problems)> BuildAsync(
        WorkerRef worker, ScriptVersion version, IKvStore kv, CancellationToken ct)
    {
        VersionContent content = version.Content;
        var descriptors = new List<Descriptor>();
        var namespaces = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (WorkerBinding binding in content.Bindings)
        {
            switch (binding)
            {
                case PlainTextBinding text:
                    descriptors.Add(new(text.Name, "text", text.Text));
                    break;
                case SecretTextBinding secret:
                    descriptors.Add(new(secret.Name, "text", secret.Text));
                    break;
                case JsonBinding json:
                    descriptors.Add(new(json.Name, "json", json.Json.GetRawText()));
                    break;
                case KvNamespaceBinding kvBinding when await kv.GetNamespaceAsync(worker.AccountId, kvBinding.NamespaceId, ct) is not null:
                    namespaces.Add(kvBinding.NamespaceId);
                    descriptors.Add(new(kvBinding.Name, "kv", kvBinding.NamespaceId));
                    break;
                case KvNamespaceBinding missing:
                    problems.Add($"KV binding '{missing.Name}' names namespace '{missing.NamespaceId}', which this account does not have.");
                    break;
                case AssetsBinding assets:
                    descriptors.Add(new(assets.Name, "assets", null));
                    break;
                case ServiceBinding service:
                    descriptors.Add(new(service.Name, "service", null));
                    break;
                case DispatchNamespaceBinding dispatch:
                    descriptors.Add(new(dispatch.Name, "dispatch", null));
                    break;
                case RateLimitBinding rateLimit:
                    descriptors.Add(new(rateLimit.Name, "ratelimit", null));
                    break;
                case VersionMetadataBinding metadata:
                    descriptors.Add(new(metadata.Name, "json", VersionMetadata(version)));
                    break;
            }
        }
        return (JsonSerializer.Serialize(descriptors, JsonSerializerOptions.Web), namespaces, problems);
    }

    /// <summary>What <c>env.CF_VERSION_METADATA</c> holds: the version's id, its <c>workers/tag</c> ("" without one), its creation time.</summary>
    private static string VersionMetadata(ScriptVersion version) => JsonSerializer.Serialize(new
    {
        id = version.Id,
        tag = version.Content.Annotations.GetValueOrDefault("workers/tag", ""),
        timestamp = version.CreatedOn.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
    });
}
