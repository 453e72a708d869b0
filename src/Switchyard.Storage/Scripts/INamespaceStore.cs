namespace Switchyard.Storage.Scripts;

public interface INamespaceStore
{
    /// <summary>Creates a namespace; throws <see cref="NameConflictException"/> when the account already has one of that name.</summary>
    DispatchNamespace Create(string accountId, string name, string createdBy);

    DispatchNamespace? Get(string accountId, string name);

    /// <summary>The account's namespaces, ordered by name.</summary>
    IReadOnlyList<DispatchNamespace> List(string accountId);

    /// <summary>
    /// Renames a namespace and/or changes its trust; null when it does not exist. Throws
    /// <see cref="NameConflictException"/> when <paramref name="newName"/> is taken by another namespace.
    /// </summary>
    DispatchNamespace? Update(string accountId, string name, string newName, bool? trustedWorkers, string modifiedBy);

    /// <summary>Deletes a namespace and every script in it.</summary>
    bool Delete(string accountId, string name);
}
