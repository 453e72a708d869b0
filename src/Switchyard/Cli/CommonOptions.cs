using System.CommandLine;

namespace Switchyard.Cli;

internal static class CommonOptions
{
    public static Option<string> Data() => new("--data")
    {
        Description = "Data directory (SQLite database and blob files)",
        DefaultValueFactory = _ => "./data",
    };
}
