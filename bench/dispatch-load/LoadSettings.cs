namespace Switchyard.Bench.DispatchLoad;

/// <summary>The run's shape and bounds, from <c>--name value</c> pairs; every default is what bench/README.md reports.</summary>
public sealed record LoadSettings
{
    public int Workers { get; init; } = 1000;
    public int Requests { get; init; } = 20_000;
    public int Concurrency { get; init; } = 32;
    /// <summary>Stops sending after this long even if requests are left: the run is bounded in count and time.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(10);
    public int Seed { get; init; } = 1;
    public int MaxWarmWorkers { get; init; } = 100;
    public int WarmMemoryMb { get; init; } = 256;
    /// <summary>The server's RSS must stay at or under this through the run.</summary>
    public int RssBudgetMb { get; init; } = 1024;

    public static LoadSettings Parse(string[] args)
    {
        var settings = new LoadSettings();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1]);
            settings = args[i] switch
            {
                "--workers" => settings with { Workers = value },
                "--requests" => settings with { Requests = value },
                "--concurrency" => settings with { Concurrency = value },
                "--max-seconds" => settings with { MaxDuration = TimeSpan.FromSeconds(value) },
                "--seed" => settings with { Seed = value },
                "--max-warm-workers" => settings with { MaxWarmWorkers = value },
                "--warm-memory-mb" => settings with { WarmMemoryMb = value },
                "--rss-budget-mb" => settings with { RssBudgetMb = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        if (args.Length % 2 != 0) throw new ArgumentException($"option {args[^1]} needs a value");
        return settings;
    }
}
