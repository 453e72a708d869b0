using Switchyard.Storage.Scripts;
using Switchyard.Storage.Tests.Backends;
using Xunit;

using static Switchyard.Storage.Tests.Scripts.ScriptFixtures;

namespace Switchyard.Storage.Tests.Scripts;

public abstract class NamespaceStoreContract(StorageBackend backend) : StorageContract(backend)
{
    private INamespaceStore Namespaces => Storage.Namespaces;

    [Fact]
    public void Namespaces_are_created_listed_by_name_renamed_and_deleted()
    {
        var created = Namespaces.Create(AccountId, "prod", "alice");
        Assert.Equal(("prod", false, 0, "alice", "alice"), (created.Name, created.TrustedWorkers, created.ScriptCount, created.CreatedBy, created.ModifiedBy));
        Assert.Equal(created, Namespaces.Get(AccountId, "prod"));
        Namespaces.Create(AccountId, "Dev", "alice");
        Namespaces.Create(AccountId, "dev", "alice");
        Assert.Equal(["Dev", "dev", "prod"], Namespaces.List(AccountId).Select(n => n.Name));

        Clock.Now += TimeSpan.FromSeconds(3);
        var renamed = Namespaces.Update(AccountId, "prod", "production", trustedWorkers: true, "bob")!;
        Assert.Equal(("production", true, "bob", Clock.GetUtcNow()), (renamed.Name, renamed.TrustedWorkers, renamed.ModifiedBy, renamed.ModifiedOn));
        Assert.Equal(created.CreatedOn, renamed.CreatedOn);
        Assert.Null(Namespaces.Get(AccountId, "prod"));
        Assert.True(Namespaces.Update(AccountId, "production", "production", trustedWorkers: null, "bob")!.TrustedWorkers); // null keeps it
        Assert.Null(Namespaces.Update(AccountId, "missing", "x", null, "bob"));

        Assert.True(Namespaces.Delete(AccountId, "production"));
        Assert.False(Namespaces.Delete(AccountId, "production"));
    }

    [Fact]
    public async Task A_taken_name_is_a_name_conflict_and_names_are_per_account()
    {
        Namespaces.Create(AccountId, "a", "me");
        Namespaces.Create(AccountId, "b", "me");
        Assert.Throws<NameConflictException>(() => Namespaces.Create(AccountId, "a", "me"));
        Assert.Throws<NameConflictException>(() => Namespaces.Update(AccountId, "b", "a", null, "me"));
        Assert.NotNull(Namespaces.Get(AccountId, "b"));

        const string other = "fedcba9876543210fedcba9876543210";
        await Storage.Accounts.CreateAsync(other, "other", "other");
        Namespaces.Create(other, "a", "them");
        Assert.Single(Namespaces.List(other));
        Assert.False(Namespaces.Delete(other, "b"));
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_its_scripts()
    {
        var ns = Namespaces.Create(AccountId, "ns", "me");
        var script = (await DeployAsync(Storage, ScriptOwner.Namespace(ns), "user")).Script;
        Assert.Equal(1, Namespaces.Get(AccountId, "ns")!.ScriptCount);
        Assert.True(Namespaces.Delete(AccountId, "ns"));
        Assert.Null(Storage.Scripts.Find(ScriptOwner.Namespace(ns), "user"));
        Assert.Empty(Storage.Scripts.ListVersions(script.Id));
    }
}

public sealed class SqliteNamespaceStoreTests() : NamespaceStoreContract(new SqliteBackend());

public sealed class PostgresNamespaceStoreTests() : NamespaceStoreContract(new PostgresBackend());
