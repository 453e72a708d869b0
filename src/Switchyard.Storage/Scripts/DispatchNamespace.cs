namespace Switchyard.Storage.Scripts;

/// <summary>
/// A Workers for Platforms dispatch namespace: a container of user workers that a dispatcher reaches by name.
/// <see cref="TrustedWorkers"/> lifts the isolation limits (request.cf, shared cache) for its scripts.
/// </summary>
public sealed record DispatchNamespace(
    string Id,
    string AccountId,
    string Name,
    bool TrustedWorkers,
    int ScriptCount,
    DateTimeOffset CreatedOn,
    string CreatedBy,
    DateTimeOffset ModifiedOn,
    string ModifiedBy);
