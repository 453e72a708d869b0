using System.Security.Cryptography;
using Switchyard.Storage.Secrets;

namespace Switchyard.Storage.Postgres;

/// <summary>Server keys shared by every node: an upload token signed by one node verifies on any other.</summary>
public sealed class PostgresServerSecrets(PostgresDatabase db, TimeProvider clock) : IServerSecrets
{
    public byte[] GetOrCreate(string name, int length) =>
        // Insert-if-absent then read: of nodes racing to create a key, the first insert wins and all read that one
        // (the loser's insert waits for the winner's row, then does nothing).
        db.InTransaction((c, t) =>
        {
            c.Execute("INSERT INTO server_secrets (name, value, created_on) VALUES (@name, @value, @on) ON CONFLICT DO NOTHING", t,
                ("name", name), ("value", RandomNumberGenerator.GetBytes(length)), ("on", clock.GetUtcNow().ToUnixTimeMilliseconds()));
            return c.QuerySingle("SELECT value FROM server_secrets WHERE name = @name", r => (byte[])r.GetValue(0), t, ("name", name))!;
        });
}
