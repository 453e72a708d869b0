using Switchyard.Storage.Kv;
using Switchyard.Storage.Sqlite;
using Switchyard.Testing;
using Xunit;

using static Switchyard.ControlPlane.Tests.Kv.KvTestApi;

namespace Switchyard.ControlPlane.Tests.Kv;

/// <summary>The store as the worker binding will call it: validation, batches, ordering and cursors.</summary>
public sealed class KvStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "switchyard-kvstore-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteKvStore _kv;
    private readonly string _ns;

    public KvStoreTests()
    {
        Directory.CreateDirectory(_dir);
        var db = new SqliteDatabase(Path.Combine(_dir, "kv.db"));
        new SqliteAccountStore(db, TimeProvider.System).Create(TestServer.AccountId, "a", "a");
        _kv = new SqliteKvStore(db, TimeProvider.System);
        _ns = _kv.CreateNamespace(TestServer.AccountId, "store").Id;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Theory]
    [InlineData("", 400, 10042)]
    [InlineData(".", 400, 10042)]
    [InlineData("..", 400, 10042)]
    public void Illegal_keys_are_refused_by_every_operation(string key, int status, int code)
    {
        foreach (var operation in new Action[]
        {
            () => _kv.Put(_ns, new KvWrite(key, [])), () => _kv.Get(_ns, key), () => _kv.GetKey(_ns, key),
            () => _kv.GetMany(_ns, [key]), () => _kv.Delete(_ns, key),
        })
        {
            var e = Assert.Throws<KvException>(operation);
            Assert.Equal((status, code), (e.Status, e.Code));
        }
    }

    [Fact]
    public void A_batch_with_one_bad_item_writes_nothing_and_names_the_item()
    {
        _kv.Put(_ns, new KvWrite("keep", Bytes("old")));
        var e = Assert.Throws<KvException>(() => _kv.PutMany(_ns, [
            new KvWrite("keep", Bytes("new")),
            new KvWrite("fine", Bytes("v")),
            new KvWrite("meta", Bytes("v"), Metadata: "{bad"),
        ]));
        Assert.Equal(10047, e.Code);
        Assert.EndsWith("(item 2)", e.Message);
        Assert.Equal(Bytes("old"), _kv.Get(_ns, "keep")!.Value);
        Assert.Null(_kv.Get(_ns, "fine"));
    }

    [Fact]
    public void Metadata_null_is_no_metadata_and_other_json_is_kept_verbatim()
    {
        _kv.PutMany(_ns, [new KvWrite("n", [], Metadata: "null"), new KvWrite("s", [], Metadata: "\"text\""), new KvWrite("o", [], Metadata: "{\"a\":[1,2]}")]);
        Assert.Null(_kv.Get(_ns, "n")!.Metadata);
        Assert.Equal("\"text\"", _kv.Get(_ns, "s")!.Metadata);
        Assert.Equal("{\"a\":[1,2]}", _kv.GetKey(_ns, "o")!.Metadata);
    }

    [Fact]
    public void GetMany_keeps_request_order_and_reads_each_key_once()
    {
        _kv.PutMany(_ns, [new KvWrite("b", Bytes("2")), new KvWrite("a", Bytes("1"))]);
        var values = _kv.GetMany(_ns, ["b", "missing", "a", "b"]);
        Assert.Equal(["b", "missing", "a"], values.Keys);
        Assert.Equal(Bytes("2"), values["b"]!.Value);
        Assert.Null(values["missing"]);
    }

    [Fact]
    public void Writes_to_a_deleted_namespace_are_refused_and_reads_find_nothing()
    {
        var ns = _kv.CreateNamespace(TestServer.AccountId, "doomed").Id;
        _kv.Put(ns, new KvWrite("k", Bytes("v")));
        Assert.True(_kv.DeleteNamespace(TestServer.AccountId, ns));

        Assert.Equal(10013, Assert.Throws<KvException>(() => _kv.Put(ns, new KvWrite("k", Bytes("v")))).Code);
        Assert.Null(_kv.Get(ns, "k"));
        Assert.Empty(_kv.ListKeys(ns).Keys);
    }

    [Fact]
    public void Listing_resumes_after_the_cursor_key_even_when_it_was_deleted()
    {
        _kv.PutMany(_ns, Enumerable.Range(0, 5).Select(i => new KvWrite($"k{i}", [])).ToList());
        var first = _kv.ListKeys(_ns, limit: 2);
        Assert.Equal(["k0", "k1"], first.Keys.Select(k => k.Name));
        Assert.False(first.ListComplete);

        _kv.Delete(_ns, "k1");
        _kv.Put(_ns, new KvWrite("k0a", []));
        var second = _kv.ListKeys(_ns, limit: 10, cursor: first.Cursor);
        Assert.Equal(["k2", "k3", "k4"], second.Keys.Select(k => k.Name));
        Assert.True(second.ListComplete);
        Assert.Equal("", second.Cursor);
    }

    [Fact]
    public void Prefixes_ending_in_the_highest_code_point_still_match_exactly()
    {
        _kv.PutMany(_ns, [new KvWrite("a\U0010FFFF", []), new KvWrite("a\U0010FFFFz", []), new KvWrite("b", []), new KvWrite("\U0010FFFF", [])]);
        Assert.Equal(["a\U0010FFFF", "a\U0010FFFFz"], _kv.ListKeys(_ns, prefix: "a\U0010FFFF").Keys.Select(k => k.Name));
        Assert.Equal(["\U0010FFFF"], _kv.ListKeys(_ns, prefix: "\U0010FFFF").Keys.Select(k => k.Name));
        Assert.Empty(_kv.ListKeys(_ns, prefix: "\uFFFF").Keys);
    }

    [Fact]
    public async Task Concurrent_reads_beside_writes_always_see_whole_values()
    {
        var keys = Enumerable.Range(0, 50).Select(i => $"c{i}").ToList();
        _kv.PutMany(_ns, keys.Select(k => new KvWrite(k, new byte[4096])).ToList());
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        var writers = Enumerable.Range(1, 2).Select(w => Task.Run(() =>
        {
            for (var round = 0; !stop.IsCancellationRequested; round++)
                _kv.Put(_ns, new KvWrite(keys[round % keys.Count], Enumerable.Repeat((byte)(w * 100 + round % 100), 4096).ToArray()));
        }));
        var reads = 0;
        var readers = Enumerable.Range(0, 6).Select(r => Task.Run(() =>
        {
            for (var i = r; !stop.IsCancellationRequested; i++)
            {
                var values = i % 2 == 0 ? [_kv.Get(_ns, keys[i % keys.Count])!] : _kv.GetMany(_ns, keys.Take(10).ToList()).Values.Select(v => v!).ToArray();
                foreach (var value in values) Assert.True(value.Value.Length == 4096 && value.Value.All(b => b == value.Value[0]), "torn value");
                Interlocked.Increment(ref reads);
            }
        }));
        await Task.WhenAll(writers.Concat(readers));
        Assert.True(reads > 100, $"only {reads} reads completed");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void List_limit_outside_1_to_1000_is_refused(int limit)
    {
        Assert.Equal(10028, Assert.Throws<KvException>(() => _kv.ListKeys(_ns, limit: limit)).Code);
    }

    [Fact]
    public void An_account_holds_at_most_1000_namespaces()
    {
        for (var i = _kv.ListNamespaces(TestServer.AccountId).Count; i < KvRules.MaxNamespacesPerAccount; i++)
            _kv.CreateNamespace(TestServer.AccountId, $"n{i}");
        Assert.Equal(10018, Assert.Throws<KvException>(() => _kv.CreateNamespace(TestServer.AccountId, "one-too-many")).Code);
        Assert.Equal(KvRules.MaxNamespacesPerAccount, _kv.ListNamespaces(TestServer.AccountId).Count);
    }
}
