using Switchyard.Storage.Scripts;
using Switchyard.Storage.Tests.Backends;
using Xunit;

using static Switchyard.Storage.Tests.Scripts.ScriptFixtures;

namespace Switchyard.Storage.Tests.Scripts;

public abstract class NamespaceStoreContract(StorageBackend backend) : StorageContract(backend)
{
    private INamespaceStore Namespaces => Storage.Namespaces;

    [Fact]
    public async Task Namespaces_are_created_listed_by_name_renamed_and_deleted()
    {
        var created = await Namespaces.CreateAsync(AccountId, "prod", "alice");
        Assert.Equal(("prod", false, 0, "alice", "alice"), (created.Name, created.TrustedWorkers, created.ScriptCount, created.CreatedBy, created.ModifiedBy));
        Assert.Equal(created, await Namespaces.GetAsync(AccountId, "prod"));
        await Namespaces.CreateAsync(AccountId, "Dev", "alice");
        await Namespaces.CreateAsync(AccountId, "dev", "alice");
        Assert.Equal(["Dev", "dev", "prod"], (await Namespaces.ListAsync(AccountId)).Select(n => n.Name));

        Clock.Now += TimeSpan.FromSeconds(3);
        var renamed = (await Namespaces.UpdateAsync(AccountId, "prod", "production", trustedWorkers: true, "bob"))!;
        Assert.Equal(("production", true, "bob", Clock.GetUtcNow()), (renamed.Name, renamed.TrustedWorkers, renamed.ModifiedBy, renamed.ModifiedOn));
        Assert.Equal(created.CreatedOn, renamed.CreatedOn);
        Assert.Null(await Namespaces.GetAsync(AccountId, "prod"));
        Assert.True((await Namespaces.UpdateAsync(AccountId, "production", "production", trustedWorkers: null, "bob"))!.TrustedWorkers); // null keeps it
        Assert.Null(await Namespaces.UpdateAsync(AccountId, "missing", "x", null, "bob"));

        Assert.True(await Namespaces.DeleteAsync(AccountId, "production"));
        Assert.False(await Namespaces.DeleteAsync(AccountId, "production"));
    }

    [Fact]
    public async Task A_taken_name_is_a_name_conflict_and_names_are_per_account()
    {
        await Namespaces.CreateAsync(AccountId, "a", "me");
        await Namespaces.CreateAsync(AccountId, "b", "me");
        await Assert.ThrowsAsync<NameConflictException>(() => Namespaces.CreateAsync(AccountId, "a", "me"));
        await Assert.ThrowsAsync<NameConflictException>(() => Namespaces.UpdateAsync(AccountId, "b", "a", null, "me"));
        Assert.NotNull(await Namespaces.GetAsync(AccountId, "b"));

        const string other = "fedcba9876543210fedcba9876543210";
        await Storage.Accounts.CreateAsync(other, "other", "other");
        await Namespaces.CreateAsync(other, "a", "them");
        Assert.Single(await Namespaces.ListAsync(other));
        Assert.False(await Namespaces.DeleteAsync(other, "b"));
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_its_scripts()
    {
        var ns = await Namespaces.CreateAsync(AccountId, "ns", "me");
        var script = (await DeployAsync(Storage, ScriptOwner.Namespace(ns), "user")).Script;
        Assert.Equal(1, (await Namespaces.GetAsync(AccountId, "ns"))!.ScriptCount);
        Assert.True(await Namespaces.DeleteAsync(AccountId, "ns"));
        Assert.Null(await Storage.Scripts.FindAsync(ScriptOwner.Namespace(ns), "user"));
        Assert.Empty(await Storage.Scripts.ListVersionsAsync(script.Id));
    }
}

public sealed class SqliteNamespaceStoreTests() : NamespaceStoreContract(new SqliteBackend());

public sealed class PostgresNamespaceStoreTests() : NamespaceStoreContract(new PostgresBackend());
