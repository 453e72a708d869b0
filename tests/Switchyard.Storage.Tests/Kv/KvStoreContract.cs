using Switchyard.Storage.Kv;
using Switchyard.Storage.Tests.Backends;
using Xunit;

namespace Switchyard.Storage.Tests.Kv;

/// <summary>The KV store as the REST API and the worker binding call it: validation, batches, ordering, cursors, expiry.</summary>
public abstract class KvStoreContract(StorageBackend backend) : StorageContract(backend)
{
    private IKvStore Kv => Storage.Kv;
    private string _ns = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _ns = (await Kv.CreateNamespaceAsync(AccountId, "store")).Id;
    }

    [Theory]
    [InlineData("", KvRefusal.Invalid, 10042)]
    [InlineData(".", KvRefusal.Invalid, 10042)]
    [InlineData("..", KvRefusal.Invalid, 10042)]
    public async Task Illegal_keys_are_refused_by_every_operation_as_a_faulted_task(string key, KvRefusal kind, int code)
    {
        foreach (var operation in new Func<Task>[]
        {
            () => Kv.PutAsync(_ns, new KvWrite(key, [])), () => Kv.GetAsync(_ns, key), () => Kv.GetKeyAsync(_ns, key),
            () => Kv.GetManyAsync(_ns, [key]), () => Kv.DeleteAsync(_ns, key),
        })
        {
            var task = operation(); // a refusal is a faulted task, never a synchronous throw
            var e = await Assert.ThrowsAsync<KvException>(() => task);
            Assert.Equal((kind, code), (e.Kind, e.Code));
        }
    }

    [Fact]
    public async Task Values_round_trip_with_metadata_and_expiration()
    {
        var expiration = Clock.GetUtcNow().ToUnixTimeSeconds() + 3600;
        await Kv.PutAsync(_ns, new KvWrite("k", [0, 1, 255], "{\"m\":1}", Expiration: expiration));
        var entry = (await Kv.GetAsync(_ns, "k"))!;
        Assert.Equal(new byte[] { 0, 1, 255 }, entry.Value);
        Assert.Equal(("{\"m\":1}", expiration), (entry.Metadata, entry.Expiration));
        Assert.Equal(new KvKey("k", expiration, "{\"m\":1}"), await Kv.GetKeyAsync(_ns, "k"));

        await Kv.PutAsync(_ns, new KvWrite("k", Bytes("new")));
        entry = (await Kv.GetAsync(_ns, "k"))!;
        Assert.Equal((null, null), (entry.Metadata, entry.Expiration)); // a write replaces everything
        Assert.True(await Kv.DeleteAsync(_ns, "k"));
        Assert.False(await Kv.DeleteAsync(_ns, "k"));
        Assert.Null(await Kv.GetAsync(_ns, "k"));
    }

    [Fact]
    public async Task Keys_are_unicode_text_including_nul_and_astral_characters()
    {
        string[] keys = ["a\0b", "😀", "é", "a/b c?d"];
        await Kv.PutManyAsync(_ns, keys.Select(k => new KvWrite(k, Bytes(k))).ToList());
        foreach (var key in keys) Assert.Equal(Bytes(key), (await Kv.GetAsync(_ns, key))!.Value);
        Assert.Equal(keys.Order(StringComparer.Ordinal), (await Kv.ListKeysAsync(_ns)).Keys.Select(k => k.Name));
    }

    [Fact]
    public async Task A_batch_with_one_bad_item_writes_nothing_and_names_the_item()
    {
        await Kv.PutAsync(_ns, new KvWrite("keep", Bytes("old")));
        var e = await Assert.ThrowsAsync<KvException>(() => Kv.PutManyAsync(_ns, [
            new KvWrite("keep", Bytes("new")),
            new KvWrite("fine", Bytes("v")),
            new KvWrite("meta", Bytes("v"), Metadata: "{bad"),
        ]));
        Assert.Equal(10047, e.Code);
        Assert.EndsWith("(item 2)", e.Message);
        Assert.Equal(Bytes("old"), (await Kv.GetAsync(_ns, "keep"))!.Value);
        Assert.Null(await Kv.GetAsync(_ns, "fine"));
    }

    [Fact]
    public async Task A_batch_writing_one_key_twice_keeps_the_last_value()
    {
        await Kv.PutManyAsync(_ns, [new KvWrite("k", Bytes("1")), new KvWrite("other", []), new KvWrite("k", Bytes("2"))]);
        Assert.Equal(Bytes("2"), (await Kv.GetAsync(_ns, "k"))!.Value);
        Assert.Equal(2, await Kv.DeleteManyAsync(_ns, ["k", "other", "k", "missing"]));
    }

    [Fact]
    public async Task Metadata_null_is_no_metadata_and_other_json_is_kept_verbatim()
    {
        await Kv.PutManyAsync(_ns, [new KvWrite("n", [], Metadata: "null"), new KvWrite("s", [], Metadata: "\"text\""), new KvWrite("o", [], Metadata: "{\"a\":[1,2]}")]);
        Assert.Null((await Kv.GetAsync(_ns, "n"))!.Metadata);
        Assert.Equal("\"text\"", (await Kv.GetAsync(_ns, "s"))!.Metadata);
        Assert.Equal("{\"a\":[1,2]}", (await Kv.GetKeyAsync(_ns, "o"))!.Metadata);
    }

    [Fact]
    public async Task GetMany_keeps_request_order_and_reads_each_key_once()
    {
        await Kv.PutManyAsync(_ns, [new KvWrite("b", Bytes("2")), new KvWrite("a", Bytes("1"))]);
        var values = await Kv.GetManyAsync(_ns, ["b", "missing", "a", "b"]);
        Assert.Equal(["b", "missing", "a"], values.Keys);
        Assert.Equal(Bytes("2"), values["b"]!.Value);
        Assert.Null(values["missing"]);
    }

    [Fact]
    public async Task Writes_to_a_deleted_namespace_are_refused_and_reads_find_nothing()
    {
        var ns = (await Kv.CreateNamespaceAsync(AccountId, "doomed")).Id;
        await Kv.PutAsync(ns, new KvWrite("k", Bytes("v")));
        Assert.True(await Kv.DeleteNamespaceAsync(AccountId, ns));
        Assert.False(await Kv.DeleteNamespaceAsync(AccountId, ns));

        Assert.Equal(10013, (await Assert.ThrowsAsync<KvException>(() => Kv.PutAsync(ns, new KvWrite("k", Bytes("v"))))).Code);
        Assert.Null(await Kv.GetAsync(ns, "k"));
        Assert.Empty((await Kv.ListKeysAsync(ns)).Keys);
    }

    [Fact]
    public async Task Listing_pages_in_utf8_byte_order_and_resumes_after_the_cursor_key_even_when_it_was_deleted()
    {
        await Kv.PutManyAsync(_ns, Enumerable.Range(0, 5).Select(i => new KvWrite($"k{i}", [])).ToList());
        var first = await Kv.ListKeysAsync(_ns, limit: 2);
        Assert.Equal(["k0", "k1"], first.Keys.Select(k => k.Name));
        Assert.False(first.ListComplete);

        await Kv.DeleteAsync(_ns, "k1");
        await Kv.PutAsync(_ns, new KvWrite("k0a", []));
        var second = await Kv.ListKeysAsync(_ns, limit: 10, cursor: first.Cursor);
        Assert.Equal(["k2", "k3", "k4"], second.Keys.Select(k => k.Name));
        Assert.True(second.ListComplete);
        Assert.Equal("", second.Cursor);
    }

    [Fact]
    public async Task Listing_orders_by_bytes_not_by_utf16_or_locale()
    {
        // UTF-16 puts U+FF5E above U+1F600 (a surrogate pair); UTF-8 bytes, Cloudflare's order, put it below. Locales
        // would put "B" after "a".
        string[] keys = ["B", "a", "\uFF5E", "😀", "ab", "a b"];
        await Kv.PutManyAsync(_ns, keys.Select(k => new KvWrite(k, [])).ToList());
        Assert.Equal(["B", "a", "a b", "ab", "\uFF5E", "😀"], (await Kv.ListKeysAsync(_ns)).Keys.Select(k => k.Name));
        Assert.Equal(["a", "a b", "ab"], (await Kv.ListKeysAsync(_ns, prefix: "a")).Keys.Select(k => k.Name));
    }

    [Fact]
    public async Task Prefixes_ending_in_the_highest_code_point_still_match_exactly()
    {
        await Kv.PutManyAsync(_ns, [new KvWrite("a\U0010FFFF", []), new KvWrite("a\U0010FFFFz", []), new KvWrite("b", []), new KvWrite("\U0010FFFF", [])]);
        Assert.Equal(["a\U0010FFFF", "a\U0010FFFFz"], (await Kv.ListKeysAsync(_ns, prefix: "a\U0010FFFF")).Keys.Select(k => k.Name));
        Assert.Equal(["\U0010FFFF"], (await Kv.ListKeysAsync(_ns, prefix: "\U0010FFFF")).Keys.Select(k => k.Name));
        Assert.Empty((await Kv.ListKeysAsync(_ns, prefix: "\uFFFF")).Keys);
    }

    [Fact]
    public async Task A_malformed_cursor_is_refused() =>
        Assert.Equal(10041, (await Assert.ThrowsAsync<KvException>(() => Kv.ListKeysAsync(_ns, cursor: "not base64!"))).Code);

    [Fact]
    public async Task An_empty_cursor_lists_from_the_start()
    {
        await Kv.PutManyAsync(_ns, [new KvWrite("a", "1"u8.ToArray()), new KvWrite("b", "2"u8.ToArray())]);
        var page = await Kv.ListKeysAsync(_ns, cursor: "");
        Assert.Equal(["a", "b"], page.Keys.Select(k => k.Name));
        Assert.True(page.ListComplete);
    }

    [Fact]
    public async Task Concurrent_reads_beside_writes_always_see_whole_values()
    {
        var keys = Enumerable.Range(0, 50).Select(i => $"c{i}").ToList();
        await Kv.PutManyAsync(_ns, keys.Select(k => new KvWrite(k, new byte[4096])).ToList());
        // A fixed number of overwrites; the readers read until the writers are done (at least once each, at most a bound).
        var writes = 0;
        var writers = Task.WhenAll(Enumerable.Range(1, 2).Select(w => Task.Run(async () =>
        {
            for (var round = 0; round < 100; round++)
            {
                await Kv.PutAsync(_ns, new KvWrite(keys[round % keys.Count], Enumerable.Repeat((byte)(w * 100 + round % 100), 4096).ToArray()));
                Interlocked.Increment(ref writes);
            }
        })));
        var reads = 0;
        var readers = Enumerable.Range(0, 6).Select(r => Task.Run(async () =>
        {
            var i = r;
            do
            {
                var values = i % 2 == 0
                    ? [(await Kv.GetAsync(_ns, keys[i % keys.Count]))!]
                    : (await Kv.GetManyAsync(_ns, keys.Take(10).ToList())).Values.Select(v => v!).ToArray();
                foreach (var value in values) Assert.True(value.Value.Length == 4096 && value.Value.All(b => b == value.Value[0]), "torn value");
                Interlocked.Increment(ref reads);
                i++;
            } while (!writers.IsCompleted && i < r + 1_000_000);
        }));
        await Task.WhenAll(readers.Append(writers));
        Assert.Equal(200, writes);
        Assert.True(reads >= 6, $"only {reads} reads");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task List_limit_outside_1_to_1000_is_refused(int limit)
    {
        Assert.Equal(10028, (await Assert.ThrowsAsync<KvException>(() => Kv.ListKeysAsync(_ns, limit: limit))).Code);
    }

    [Fact]
    public async Task Namespaces_are_scoped_by_account_and_titles_are_unique_within_one()
    {
        const string other = "fedcba9876543210fedcba9876543210";
        await Storage.Accounts.CreateAsync(other, "other", "other");
        var theirs = await Kv.CreateNamespaceAsync(other, "store"); // the same title in another account is fine
        Assert.Null(await Kv.GetNamespaceAsync(AccountId, theirs.Id));
        Assert.Null(await Kv.RenameNamespaceAsync(AccountId, theirs.Id, "mine"));
        Assert.False(await Kv.DeleteNamespaceAsync(AccountId, theirs.Id));
        Assert.Equal(theirs, await Kv.GetNamespaceAsync(other, theirs.Id));

        Assert.Equal(10014, (await Assert.ThrowsAsync<KvException>(() => Kv.CreateNamespaceAsync(AccountId, "store"))).Code);
        var second = await Kv.CreateNamespaceAsync(AccountId, "second");
        Assert.Equal(10014, (await Assert.ThrowsAsync<KvException>(() => Kv.RenameNamespaceAsync(AccountId, second.Id, "store"))).Code);
        Assert.Equal(10019, (await Assert.ThrowsAsync<KvException>(() => Kv.CreateNamespaceAsync(AccountId, " "))).Code);
        Assert.Equal(10019, (await Assert.ThrowsAsync<KvException>(() => Kv.CreateNamespaceAsync(AccountId, "a\0b"))).Code);

        Clock.Now += TimeSpan.FromSeconds(5);
        var renamed = (await Kv.RenameNamespaceAsync(AccountId, second.Id, "Second"))!;
        Assert.Equal(("Second", second.CreatedOn, Clock.Now), (renamed.Title, renamed.CreatedOn, renamed.ModifiedOn));
        Assert.Equal(renamed, await Kv.GetNamespaceAsync(AccountId, second.Id));
        Assert.Equal(["Second", "store"], (await Kv.ListNamespacesAsync(AccountId)).Select(n => n.Title));
    }

    [Fact]
    public async Task An_account_holds_at_most_1000_namespaces()
    {
        for (var i = (await Kv.ListNamespacesAsync(AccountId)).Count; i < KvRules.MaxNamespacesPerAccount; i++)
            await Kv.CreateNamespaceAsync(AccountId, $"n{i}");
        Assert.Equal(10018, (await Assert.ThrowsAsync<KvException>(() => Kv.CreateNamespaceAsync(AccountId, "one-too-many"))).Code);
        Assert.Equal(KvRules.MaxNamespacesPerAccount, (await Kv.ListNamespacesAsync(AccountId)).Count);
    }

    [Fact]
    public async Task Entry_disappears_from_every_read_the_second_it_expires()
    {
        await Kv.PutAsync(_ns, new KvWrite("short", Bytes("v"), "{\"m\":1}", ExpirationTtl: 60));
        await Kv.PutAsync(_ns, new KvWrite("forever", Bytes("v")));

        Clock.Now += TimeSpan.FromSeconds(59);
        Assert.NotNull(await Kv.GetAsync(_ns, "short"));
        Assert.Equal(["forever", "short"], (await Kv.ListKeysAsync(_ns)).Keys.Select(k => k.Name));

        Clock.Now += TimeSpan.FromSeconds(1);
        Assert.Null(await Kv.GetAsync(_ns, "short"));
        Assert.Null(await Kv.GetKeyAsync(_ns, "short"));
        Assert.Null((await Kv.GetManyAsync(_ns, ["short", "forever"]))["short"]);
        Assert.NotNull((await Kv.GetManyAsync(_ns, ["short", "forever"]))["forever"]);
        Assert.Equal(["forever"], (await Kv.ListKeysAsync(_ns)).Keys.Select(k => k.Name));
        Assert.Empty((await Kv.ListKeysAsync(_ns, prefix: "s")).Keys);
    }

    [Fact]
    public async Task Purge_deletes_only_expired_entries_and_a_rewrite_revives_a_key()
    {
        await Kv.PutManyAsync(_ns, [
            new KvWrite("a", Bytes("v"), ExpirationTtl: 60),
            new KvWrite("b", Bytes("v"), ExpirationTtl: 120),
            new KvWrite("c", Bytes("v")),
        ]);
        Clock.Now += TimeSpan.FromSeconds(90);
        Assert.Equal(1, await Kv.PurgeExpiredAsync());
        Assert.Equal(0, await Kv.PurgeExpiredAsync());
        Assert.Equal(["b", "c"], (await Kv.ListKeysAsync(_ns)).Keys.Select(k => k.Name));

        Clock.Now += TimeSpan.FromSeconds(60);
        await Kv.PutAsync(_ns, new KvWrite("b", Bytes("new")));
        Assert.Equal(Bytes("new"), (await Kv.GetAsync(_ns, "b"))!.Value);
        Assert.Null((await Kv.GetAsync(_ns, "b"))!.Expiration);
    }

    [Fact]
    public async Task Purge_works_in_batches()
    {
        await Kv.PutManyAsync(_ns, Enumerable.Range(0, 25).Select(i => new KvWrite($"e{i}", [], ExpirationTtl: 60)).ToList());
        Clock.Now += TimeSpan.FromSeconds(61);
        Assert.Equal(10, await Kv.PurgeExpiredAsync(batch: 10));
        Assert.Equal(10, await Kv.PurgeExpiredAsync(batch: 10));
        Assert.Equal(5, await Kv.PurgeExpiredAsync(batch: 10));
    }

    [Fact]
    public async Task Expirations_must_be_at_least_60_seconds_ahead()
    {
        var now = Clock.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(10033, (await Assert.ThrowsAsync<KvException>(() => Kv.PutAsync(_ns, new KvWrite("k", [], Expiration: now + 59)))).Code);
        Assert.Equal(10033, (await Assert.ThrowsAsync<KvException>(() => Kv.PutAsync(_ns, new KvWrite("k", [], Expiration: now)))).Code);
        await Kv.PutAsync(_ns, new KvWrite("k", [], Expiration: now + 60));
        Assert.Equal(now + 60, (await Kv.GetAsync(_ns, "k"))!.Expiration);
        Assert.Equal(10034, (await Assert.ThrowsAsync<KvException>(() => Kv.PutAsync(_ns, new KvWrite("k", [], ExpirationTtl: 59)))).Code);
        Assert.Equal(10034, (await Assert.ThrowsAsync<KvException>(() => Kv.PutAsync(_ns, new KvWrite("k", [], ExpirationTtl: long.MaxValue)))).Code);
        Assert.Equal(now + 60, (await Kv.GetAsync(_ns, "k"))!.Expiration);
    }

    [Fact]
    public async Task A_write_through_one_node_is_read_through_another()
    {
        var other = await OpenNodeAsync();
        await Kv.PutAsync(_ns, new KvWrite("shared", Bytes("v")));
        Assert.Equal(Bytes("v"), (await other.Kv.GetAsync(_ns, "shared"))!.Value);
        await other.Kv.DeleteAsync(_ns, "shared");
        Assert.Null(await Kv.GetAsync(_ns, "shared"));
    }

    [Fact]
    public async Task A_node_reads_its_own_writes_at_once_after_reading_the_key()
    {
        Assert.Null(await Kv.GetAsync(_ns, "hot"));
        await Kv.PutAsync(_ns, new KvWrite("hot", Bytes("v1")));
        Assert.Equal(Bytes("v1"), (await Kv.GetAsync(_ns, "hot"))!.Value);
        await Kv.PutManyAsync(_ns, [new KvWrite("hot", Bytes("v2"))]);
        Assert.Equal(Bytes("v2"), (await Kv.GetAsync(_ns, "hot"))!.Value);
        await Kv.DeleteAsync(_ns, "hot");
        Assert.Null(await Kv.GetAsync(_ns, "hot"));
    }

    [Fact]
    public async Task Another_nodes_write_replaces_a_value_this_node_has_read()
    {
        var other = await OpenNodeAsync();
        await Kv.PutAsync(_ns, new KvWrite("k", Bytes("old")));
        Assert.Equal(Bytes("old"), (await other.Kv.GetAsync(_ns, "k"))!.Value);
        await Kv.PutAsync(_ns, new KvWrite("k", Bytes("new")));
        // Nodes may keep a read briefly (PostgreSQL: half a second); the deadline is only a bound on waiting.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await other.Kv.GetAsync(_ns, "k"))!.Value.AsSpan().SequenceEqual(Bytes("old")))
        {
            Assert.True(DateTime.UtcNow < deadline, "the other node kept reading the replaced value");
            await Task.Delay(20);
        }
        Assert.Equal(Bytes("new"), (await other.Kv.GetAsync(_ns, "k"))!.Value);
    }
}

public sealed class SqliteKvStoreTests() : KvStoreContract(new SqliteBackend());

public sealed class PostgresKvStoreTests() : KvStoreContract(new PostgresBackend());
