namespace Switchyard.Bench.Scenarios;

/// <summary>The worker sources in bench/workers (copied beside the harness at build time).</summary>
public static class WorkerCode
{
    public static string Read(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workers", file));

    /// <summary>numbered.js with its number filled in: a distinct script per worker.</summary>
    public static string Numbered(string number) => Read("numbered.js").Replace("__NUMBER__", number);
}
