namespace Switchyard.Storage.Scripts;

/// <summary>Dispatch namespaces of accounts. Asynchronous: on a shared database every call is a network round trip.</summary>
public interface INamespaceStore
{
    /// <summary>Creates a namespace; throws <see cref="NameConflictException"/> when the account already has one of that name.</summary>
    Task<DispatchNamespace> CreateAsync(string accountId, string name, string createdBy, CancellationToken ct = default);

    Task<DispatchNamespace?> GetAsync(string accountId, string name, CancellationToken ct = default);

    /// <summary>The account's namespaces, ordered by name.</summary>
    Task<IReadOnlyList<DispatchNamespace>> ListAsync(string accountId, CancellationToken ct = default);

    /// <summary>
    /// Renames a namespace and/or changes its trust; null when it does not exist. Throws
    /// <see cref="NameConflictException"/> when <paramref name="newName"/> is taken by another namespace.
    /// </summary>
    Task<DispatchNamespace?> UpdateAsync(string accountId, string name, string newName, bool? trustedWorkers, string modifiedBy,
        CancellationToken ct = default);

    /// <summary>Deletes a namespace and every script in it.</summary>
    Task<bool> DeleteAsync(string accountId, string name, CancellationToken ct = default);
}
