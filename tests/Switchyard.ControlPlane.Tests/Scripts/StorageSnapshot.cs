using System.Text;
using Switchyard.Testing;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>
/// Every row of the tables behind namespaces, scripts, zones and accounts, as text: two equal snapshots mean a refused
/// request changed nothing.
/// </summary>
public static class StorageSnapshot
{
    private static readonly string[] Tables =
    [
        "accounts", "dispatch_namespaces", "scripts", "script_tags", "script_versions", "version_modules", "deployments",
        "zones", "worker_routes",
    ];

    public static string Take(TestServer server)
    {
        using var connection = server.SqliteDatabase.Open();
        var text = new StringBuilder();
        foreach (var table in Tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY 1, 2";
            using var reader = command.ExecuteReader();
            text.Append("## ").AppendLine(table);
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++) text.Append(reader.IsDBNull(i) ? "NULL" : reader.GetValue(i)).Append('|');
                text.AppendLine();
            }
        }
        return text.ToString();
    }
}
