using System.Text.Json;

namespace Switchyard.Storage.Scripts;

/// <summary>Where a script lives: directly in the account, or in one of its dispatch namespaces.</summary>
public readonly record struct ScriptOwner(string AccountId, string? NamespaceId)
{
    public static ScriptOwner Account(string accountId) => new(accountId, null);
    public static ScriptOwner Namespace(DispatchNamespace ns) => new(ns.AccountId, ns.Id);
}

/// <summary>
/// A worker script: its identity (the immutable <see cref="Id"/>, Cloudflare's <c>tag</c>), the version that serves
/// its traffic, and the settings that are not versioned (tags, logpush, observability, tail consumers, subdomain).
/// </summary>
public sealed record WorkerScript(
    string Id,
    string AccountId,
    string? NamespaceId,
    string Name,
    string ActiveVersionId,
    IReadOnlyList<string> Tags,
    ScriptSettings Settings,
    string LastDeployedFrom,
    bool SubdomainEnabled,
    bool PreviewsEnabled,
    DateTimeOffset CreatedOn,
    DateTimeOffset ModifiedOn);

/// <summary>Script-level settings, stored as given and returned by the API.</summary>
public sealed record ScriptSettings(bool Logpush, JsonElement? Observability, JsonElement? TailConsumers);

/// <summary>A change to script-level settings; null members stay as they are.</summary>
public sealed record ScriptSettingsPatch(
    bool? Logpush = null,
    JsonElement? Observability = null,
    JsonElement? TailConsumers = null,
    IReadOnlyList<string>? Tags = null)
{
    public bool IsEmpty => Logpush is null && Observability is null && TailConsumers is null && Tags is null;
}

/// <summary>
/// Script filter of the list and delete-by-tag endpoints: every <see cref="Required"/> tag present and no
/// <see cref="Excluded"/> tag present.
/// </summary>
public sealed record TagFilter(IReadOnlyList<string> Required, IReadOnlyList<string> Excluded)
{
    public static TagFilter None { get; } = new([], []);
    public bool IsEmpty => Required.Count == 0 && Excluded.Count == 0;
}

/// <summary>A page of scripts ordered by name; <see cref="NextAfter"/> is the last name when more may follow.</summary>
public sealed record ScriptPage(IReadOnlyList<WorkerScript> Scripts, string? NextAfter);
