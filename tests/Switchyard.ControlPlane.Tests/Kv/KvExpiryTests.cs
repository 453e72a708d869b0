using System.Net;
using Switchyard.Storage.Kv;
using Switchyard.Storage.Sqlite;
using Switchyard.Testing;
using Xunit;

using static Switchyard.ControlPlane.Tests.Kv.KvTestApi;

namespace Switchyard.ControlPlane.Tests.Kv;

/// <summary>Expired entries are invisible over HTTP (the store-level behaviour is in Switchyard.Storage.Tests' KvStoreContract).</summary>
public sealed class KvExpiryTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Expired_entries_are_invisible_over_http()
    {
        var id = await server.CreateNamespaceAsync();
        // A second store on the server's own database, with a clock two minutes behind: its minimum TTL of 60 s
        // produces an entry that is already expired for the server.
        var past = new ManualClock(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(2));
        var writer = new SqliteKvStore(new SqliteDatabase(Path.Combine(server.DataDir, "switchyard.db")), past);
        await writer.PutAsync(id, new KvWrite("gone", Bytes("v"), "{\"m\":1}", ExpirationTtl: 60));
        await server.PutAsync(id, "kept", Bytes("v"));

        Assert.Null(await server.GetAsync(id, "gone"));
        (await server.Api.GetApiAsync($"{server.Namespace(id)}/metadata/gone")).AssertError(HttpStatusCode.NotFound, 10009);
        Assert.Equal(["kept"], await server.KeyNamesAsync(id));
        var values = (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.Namespace(id)}/bulk/get", new { keys = new[] { "gone", "kept" } }))
            .AssertOk()!["values"]!;
        Assert.Null(values["gone"]);
        Assert.Equal("v", (string?)values["kept"]);
    }
}
