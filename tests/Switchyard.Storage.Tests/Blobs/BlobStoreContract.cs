using Switchyard.Storage.Blobs;
using Switchyard.Storage.Scripts;
using Switchyard.Storage.Tests.Backends;
using Xunit;

using static Switchyard.Storage.Tests.Scripts.ScriptFixtures;

namespace Switchyard.Storage.Tests.Blobs;

/// <summary>Content-addressed blobs and their collection.</summary>
public abstract class BlobStoreContract(StorageBackend backend) : StorageContract(backend)
{
    private IBlobStore Blobs => Storage.Blobs;

    [Fact]
    public async Task Blobs_are_named_by_their_hash_and_read_back_by_any_node()
    {
        var content = Bytes("module code");
        var key = await Blobs.PutAsync(content);
        Assert.Equal(FileBlobStore.KeyOf(content), key);
        Assert.Equal(key, await Blobs.PutAsync(content));
        Assert.True(await Blobs.ExistsAsync(key));
        Assert.Equal(content, await Blobs.ReadAllAsync(key));
        await using (var stream = Blobs.OpenRead(key)!)
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(content, copy.ToArray());
        }
        var info = Assert.Single(await Blobs.ListAsync());
        Assert.Equal((key, (long)content.Length), (info.Key, info.Size));

        var other = await OpenNodeAsync();
        Assert.Equal(content, await other.Blobs.ReadAllAsync(key));
        await using (var stream = other.Blobs.OpenRead(new string('0', 64))) Assert.Null(stream);
        Assert.Null(await other.Blobs.ReadAllAsync(new string('0', 64)));
        Assert.False(await other.Blobs.ExistsAsync(new string('0', 64)));
    }

    [Fact]
    public async Task A_blob_is_deleted_only_when_older_than_the_cutoff_and_a_put_refreshes_it()
    {
        var key = await Blobs.PutAsync(Bytes("old"));
        Assert.False(await Blobs.DeleteIfOlderThanAsync(key, DateTimeOffset.UtcNow.AddMinutes(-5)));
        await Task.Delay(5);
        Assert.True(await Blobs.DeleteIfOlderThanAsync(key, DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.False(await Blobs.ExistsAsync(key));
        Assert.Null(await Blobs.ReadAllAsync(key));
        Assert.False(await Blobs.DeleteIfOlderThanAsync(key, DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    [Fact]
    public async Task The_collector_deletes_unreferenced_blobs_past_the_grace_period_and_keeps_deployed_code()
    {
        var deployed = await DeployAsync(Storage, ScriptOwner.Account(AccountId), "kept", "export default 'kept'");
        var codeKey = deployed.Version.Content.Modules[0].BlobKey;
        var garbage = await Blobs.PutAsync(Bytes("nobody names me"));

        var early = await Storage.BlobCollector.CollectAsync(TimeSpan.FromHours(1));
        Assert.Equal(0, early.Deleted); // everything is within the grace period

        await Task.Delay(5);
        Clock.Now += TimeSpan.FromHours(2);
        var collection = await Storage.BlobCollector.CollectAsync(TimeSpan.FromHours(1));
        Assert.Equal(1, collection.Deleted);
        Assert.False(await Blobs.ExistsAsync(garbage));
        Assert.True(await Blobs.ExistsAsync(codeKey));

        await Storage.Scripts.DeleteAsync(deployed.Script.Id);
        Assert.Equal(1, (await Storage.BlobCollector.CollectAsync(TimeSpan.FromHours(1))).Deleted);
        Assert.False(await Blobs.ExistsAsync(codeKey));
    }
}

public sealed class SqliteBlobStoreTests() : BlobStoreContract(new SqliteBackend());

public sealed class PostgresBlobStoreTests() : BlobStoreContract(new PostgresBackend());
