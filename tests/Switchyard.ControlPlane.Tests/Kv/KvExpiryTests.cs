using System.Net;
using Switchyard.Storage.Kv;
using Switchyard.Storage.Sqlite;
using Switchyard.Testing;
using Xunit;

using static Switchyard.ControlPlane.Tests.Kv.KvTestApi;

namespace Switchyard.ControlPlane.Tests.Kv;

/// <summary>Expired entries are invisible to every read, through the store (with a clock the test moves) and over HTTP.</summary>
public sealed class KvExpiryTests(TestServer server) : IClassFixture<TestServer>
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Entry_disappears_from_every_read_the_second_it_expires()
    {
        var (kv, clock) = StoreWithClock();
        var ns = kv.CreateNamespace(TestServer.AccountId, "expiry").Id;
        kv.Put(ns, new KvWrite("short", Bytes("v"), "{\"m\":1}", ExpirationTtl: 60));
        kv.Put(ns, new KvWrite("forever", Bytes("v")));

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.NotNull(kv.Get(ns, "short"));
        Assert.Equal(["forever", "short"], kv.ListKeys(ns).Keys.Select(k => k.Name));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(kv.Get(ns, "short"));
        Assert.Null(kv.GetKey(ns, "short"));
        Assert.Null(kv.GetMany(ns, ["short", "forever"])["short"]);
        Assert.NotNull(kv.GetMany(ns, ["short", "forever"])["forever"]);
        Assert.Equal(["forever"], kv.ListKeys(ns).Keys.Select(k => k.Name));
        Assert.Empty(kv.ListKeys(ns, prefix: "s").Keys);
    }

    [Fact]
    public void Purge_deletes_only_expired_rows_and_an_expired_key_can_be_written_again()
    {
        var (kv, clock) = StoreWithClock();
        var ns = kv.CreateNamespace(TestServer.AccountId, "purge").Id;
        kv.PutMany(ns, [
            new KvWrite("a", Bytes("1"), Expiration: Start.ToUnixTimeSeconds() + 60),
            new KvWrite("b", Bytes("2"), ExpirationTtl: 120),
            new KvWrite("c", Bytes("3")),
        ]);
        clock.Advance(TimeSpan.FromSeconds(90));

        Assert.Equal(1, kv.PurgeExpired());
        Assert.Equal(0, kv.PurgeExpired());
        Assert.Equal(["b", "c"], kv.ListKeys(ns).Keys.Select(k => k.Name));

        clock.Advance(TimeSpan.FromSeconds(60));
        kv.Put(ns, new KvWrite("b", Bytes("new")));
        Assert.Equal(Bytes("new"), kv.Get(ns, "b")!.Value);
        Assert.Null(kv.Get(ns, "b")!.Expiration);
    }

    [Fact]
    public void Expiration_limits_are_measured_against_the_stores_clock()
    {
        var (kv, _) = StoreWithClock();
        var ns = kv.CreateNamespace(TestServer.AccountId, "limits").Id;
        var now = Start.ToUnixTimeSeconds();

        Assert.Equal(10033, Assert.Throws<KvException>(() => kv.Put(ns, new KvWrite("k", [], Expiration: now + 59))).Code);
        Assert.Equal(10033, Assert.Throws<KvException>(() => kv.Put(ns, new KvWrite("k", [], Expiration: now))).Code);
        kv.Put(ns, new KvWrite("k", [], Expiration: now + 60));
        Assert.Equal(now + 60, kv.Get(ns, "k")!.Expiration);
        Assert.Equal(10034, Assert.Throws<KvException>(() => kv.Put(ns, new KvWrite("k", [], ExpirationTtl: 59))).Code);
        Assert.Equal(10034, Assert.Throws<KvException>(() => kv.Put(ns, new KvWrite("k", [], ExpirationTtl: long.MaxValue))).Code);
        Assert.Equal(now + 60, kv.Get(ns, "k")!.Expiration);
    }

    [Fact]
    public async Task Expired_entries_are_invisible_over_http()
    {
        var id = await server.CreateNamespaceAsync();
        // A second store on the server's own database, with a clock two minutes behind: its minimum TTL of 60 s
        // produces an entry that is already expired for the server.
        var past = new ManualClock(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(2));
        var writer = new SqliteKvStore(new SqliteDatabase(Path.Combine(server.DataDir, "switchyard.db")), past);
        writer.Put(id, new KvWrite("gone", Bytes("v"), "{\"m\":1}", ExpirationTtl: 60));
        await server.PutAsync(id, "kept", Bytes("v"));

        Assert.Null(await server.GetAsync(id, "gone"));
        (await server.Api.GetApiAsync($"{server.Namespace(id)}/metadata/gone")).AssertError(HttpStatusCode.NotFound, 10009);
        Assert.Equal(["kept"], await server.KeyNamesAsync(id));
        var values = (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.Namespace(id)}/bulk/get", new { keys = new[] { "gone", "kept" } }))
            .AssertOk()!["values"]!;
        Assert.Null(values["gone"]);
        Assert.Equal("v", (string?)values["kept"]);
    }

    private (SqliteKvStore Kv, ManualClock Clock) StoreWithClock()
    {
        var clock = new ManualClock(Start);
        var path = Path.Combine(server.DataDir, $"clocked-{Guid.NewGuid():N}.db");
        var db = new SqliteDatabase(path);
        new SqliteAccountStore(db, clock).Create(TestServer.AccountId, "clocked", "clocked");
        return (new SqliteKvStore(db, clock), clock);
    }
}
