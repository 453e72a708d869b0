using Switchyard.ControlPlane.Blobs;

namespace Switchyard.Hosting;

/// <summary>Everything `serve` can be told; the CLI fills it from flags and SWITCHYARD_* variables.</summary>
public sealed record ServerOptions
{
    public string DataDir { get; init; } = "./data";

    /// <summary>
    /// An Npgsql connection string (<c>--postgres</c>, SWITCHYARD_POSTGRES): keep all state in that shared PostgreSQL
    /// database, with <see cref="DataDir"/> only a blob cache, so that several nodes can serve one platform. Null: SQLite
    /// and files in <see cref="DataDir"/>.
    /// </summary>
    public string? Postgres { get; init; }
    public string ApiListen { get; init; } = "127.0.0.1:8787";
    public string EdgeListen { get; init; } = "127.0.0.1:8080";
    public string WorkersDomain { get; init; } = "workers.localhost";

    /// <summary>Each worker isolate's JS heap limit in MB; a worker past it fails with "Worker exceeded memory limit." (1102).</summary>
    public int WorkerMemoryMb { get; init; } = 128;

    /// <summary>A cap on the worker versions kept loaded (warm), besides <see cref="WarmMemoryMb"/>; null: none.</summary>
    public int? MaxWarmWorkers { get; init; }

    /// <summary>
    /// Memory in MB the warm workers may hold; past it idle ones are evicted, the least requested lately first. Null: a
    /// quarter of the memory the process may use (<see cref="Runtime.Invocation.RuntimeOptions.DefaultInstanceMemoryBudgetBytes"/>).
    /// </summary>
    public int? WarmMemoryMb { get; init; }

    /// <summary>
    /// Private (non-public) ranges workers' outbound <c>fetch()</c> may reach, for on-premises upstreams
    /// (<c>--allow-private-fetch</c>); none by default. Switchyard's own listeners stay unreachable.
    /// </summary>
    public IReadOnlyList<System.Net.IPNetwork> AllowPrivateFetch { get; init; } = [];

    /// <summary>
    /// How many worker host processes run the isolates (<c>--worker-hosts</c>), each sandboxed, tenants spread over them by
    /// account (account-level scripts) or user worker; 0: isolates run inside the server process (docs/security.md, "Process model").
    /// </summary>
    public int WorkerHosts { get; init; } = DefaultWorkerHosts;

    /// <summary>
    /// One worker host per core, at least 2 (a host that dies then leaves the tenants of the other running) and at most
    /// 16 (each host is a .NET runtime of its own: about 100 MB resident before its isolates).
    /// </summary>
    public static int DefaultWorkerHosts => Math.Clamp(Environment.ProcessorCount, 2, 16);

    /// <summary>Memory in MB the Cache API's stored responses may hold on this node (<c>--cache-memory-mb</c>).</summary>
    public int CacheMemoryMb { get; init; } = 128;

    /// <summary>
    /// "text" (one line per event, for people) or "json" (one JSON object per line, for log pipelines, plus a line per
    /// invocation: <see cref="Observability.Logs.InvocationLogSink"/>).
    /// </summary>
    public string LogFormat { get; init; } = "text";

    /// <summary>Fixes the bootstrap account's id instead of generating one (SWITCHYARD_ACCOUNT_ID).</summary>
    public string? AccountId { get; init; }
    /// <summary>Fixes the bootstrap API token instead of generating one (SWITCHYARD_API_TOKEN).</summary>
    public string? ApiToken { get; init; }
    /// <summary>The bootstrap account's workers subdomain (SWITCHYARD_SUBDOMAIN).</summary>
    public string Subdomain { get; init; } = "dev";
    /// <summary>When unreferenced blobs are deleted (<c>--blob-grace-minutes</c>).</summary>
    public BlobCollectionOptions BlobCollection { get; init; } = new();

    public static ServerOptions FromEnvironment() => new()
    {
        AccountId = Environment.GetEnvironmentVariable("SWITCHYARD_ACCOUNT_ID").NullIfEmpty(),
        ApiToken = Environment.GetEnvironmentVariable("SWITCHYARD_API_TOKEN").NullIfEmpty(),
        Subdomain = Environment.GetEnvironmentVariable("SWITCHYARD_SUBDOMAIN").NullIfEmpty() ?? "dev",
        Postgres = Environment.GetEnvironmentVariable("SWITCHYARD_POSTGRES").NullIfEmpty(),
    };
}

internal static class StringExtensions
{
    public static string? NullIfEmpty(this string? s) => string.IsNullOrEmpty(s) ? null : s;
}
