using Switchyard.Storage.Assets;
using Switchyard.Storage.Tests.Backends;
using Xunit;

namespace Switchyard.Storage.Tests.Assets;

public abstract class AssetStoreContract(StorageBackend backend) : StorageContract(backend)
{
    private IAssetStore Assets => Storage.Assets;
    private static readonly string HashA = new('a', 32), HashB = new('b', 32), HashC = new('c', 32);

    [Fact]
    public async Task Uploads_are_per_account_and_the_first_upload_of_a_hash_is_kept()
    {
        var a = new StoredAsset(HashA, new string('1', 64), 3, "text/plain");
        Assert.Equal([HashC, HashB], await Assets.AddUploadsAsync(AccountId, [a], [HashC, HashA, HashB])); // in the order asked
        Assert.Empty(await Assets.AddUploadsAsync(AccountId, [a with { BlobKey = new string('2', 64) }], [HashA]));
        Assert.Equal(a, (await Assets.GetAsync(AccountId, [HashA, HashB]))[HashA]);
        Assert.Single(await Assets.GetAsync(AccountId, [HashA, HashB]));

        const string other = "fedcba9876543210fedcba9876543210";
        await Storage.Accounts.CreateAsync(other, "other", "other");
        Assert.Empty(await Assets.GetAsync(other, [HashA]));
        Assert.Equal([HashA], await Assets.AddUploadsAsync(other, [], [HashA]));
    }

    [Fact]
    public async Task Sessions_live_until_they_expire_can_be_extended_and_are_read_by_any_node()
    {
        var now = Clock.GetUtcNow();
        var manifest = new Dictionary<string, ManifestEntry> { ["/index.html"] = new(HashA, 10), ["/a.css"] = new(HashB, 5) };
        var session = new AssetUploadSession("s1", AccountId, "ns", "site", manifest, now, now.AddHours(1));
        await Assets.CreateSessionAsync(session);

        var read = (await (await OpenNodeAsync()).Assets.GetSessionAsync(AccountId, "s1"))!;
        Assert.Equal((session.Id, session.DispatchNamespace, session.ScriptName, session.ExpiresOn), (read.Id, read.DispatchNamespace, read.ScriptName, read.ExpiresOn));
        Assert.Equal(["/a.css", "/index.html"], read.Manifest.Keys);
        Assert.Equal(manifest["/index.html"], read.Manifest["/index.html"]);
        Assert.Null(await Assets.GetSessionAsync("fedcba9876543210fedcba9876543210", "s1"));

        Assert.True(await Assets.ExtendSessionAsync(AccountId, "s1", now.AddHours(2)));
        Assert.True(await Assets.ExtendSessionAsync(AccountId, "s1", now.AddMinutes(5))); // never shortened
        Assert.Equal(now.AddHours(2), (await Assets.GetSessionAsync(AccountId, "s1"))!.ExpiresOn);

        Clock.Now = now.AddHours(2);
        Assert.Null(await Assets.GetSessionAsync(AccountId, "s1"));
        Assert.False(await Assets.ExtendSessionAsync(AccountId, "s1", now.AddHours(3)));
    }
}

public sealed class SqliteAssetStoreTests() : AssetStoreContract(new SqliteBackend());

public sealed class PostgresAssetStoreTests() : AssetStoreContract(new PostgresBackend());
