using System.Security.Cryptography;
using Switchyard.Storage.Secrets;

namespace Switchyard.Storage.Sqlite;

public sealed class SqliteServerSecrets(SqliteDatabase db, TimeProvider clock) : IServerSecrets
{
    public byte[] GetOrCreate(string name, int length) =>
        // Insert-if-absent then read, in one write transaction: two processes starting together agree on one key.
        db.InTransaction((c, t) =>
        {
            c.Execute("INSERT INTO server_secrets (name, value, created_on) VALUES ($name, $value, $on) ON CONFLICT DO NOTHING", t,
                ("$name", name), ("$value", RandomNumberGenerator.GetBytes(length)), ("$on", clock.GetUtcNow().ToUnixTimeMilliseconds()));
            return c.QuerySingle("SELECT value FROM server_secrets WHERE name = $name", r => (byte[])r.GetValue(0), t, ("$name", name))!;
        });
}
