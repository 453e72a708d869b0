using System.CommandLine;

namespace Switchyard.Cli;

internal static class CommonOptions
{
    public static Option<string> Data() => new("--data")
    {
        Description = "Data directory (SQLite database and blob files; with --postgres, a blob cache)",
        DefaultValueFactory = _ => "./data",
    };

    public static Option<string?> Postgres() => new("--postgres")
    {
        Description = "Keep all state in this PostgreSQL database (an Npgsql connection string, e.g. "
            + "\"Host=db;Username=switchyard;Password=…;Database=switchyard\"), shared by any number of nodes; default SQLite in --data",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SWITCHYARD_POSTGRES") is { Length: > 0 } value ? value : null,
    };
}
