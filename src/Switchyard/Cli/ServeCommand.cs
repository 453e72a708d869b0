using System.CommandLine;
using Switchyard.Hosting;
using Switchyard.Runtime.Outbound;

namespace Switchyard.Cli;

/// <summary><c>serve</c>: runs the API and the edge until Ctrl+C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var apiListen = new Option<string>("--api-listen") { Description = "HOST:PORT of the control-plane API", DefaultValueFactory = _ => "127.0.0.1:8787" };
        var edgeListen = new Option<string>("--edge-listen") { Description = "HOST:PORT of the edge (data plane)", DefaultValueFactory = _ => "127.0.0.1:8080" };
        var domain = new Option<string>("--workers-domain") { Description = "Domain under which <script>.<subdomain>.<domain> reaches a worker", DefaultValueFactory = _ => "workers.localhost" };
        var blobGrace = new Option<int>("--blob-grace-minutes")
        {
            Description = "Unreferenced blobs (old code, assets) are deleted once this old; at least 60, the asset upload session lifetime",
            DefaultValueFactory = _ => 120,
        };

        var memory = new Option<int>("--worker-memory-mb") { Description = "Each worker isolate's JS heap limit in MB", DefaultValueFactory = _ => 128 };
        memory.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 16 or > 16384) result.AddError("--worker-memory-mb must be between 16 and 16384.");
        });

        var warmWorkers = new Option<int?>("--max-warm-workers")
        {
            Description = "A cap on the worker versions kept loaded, besides the warm memory (default: none, memory decides)",
        };
        warmWorkers.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > 1_000_000) result.AddError("--max-warm-workers must be between 1 and 1000000.");
        });
        var warmMemory = new Option<int?>("--warm-memory-mb")
        {
            Description = "Memory in MB that loaded workers may hold; past it idle ones are evicted, the least requested lately "
                + "first (default: a quarter of the machine's or the container's memory)",
        };
        warmMemory.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 16 or > 1_048_576) result.AddError("--warm-memory-mb must be between 16 and 1048576.");
        });

        var allowPrivateFetch = new Option<string[]>("--allow-private-fetch")
        {
            Description = "A private address range (CIDR, e.g. 10.1.0.0/16) that workers' fetch() may reach; repeat for several. "
                + "By default workers reach public addresses only, and never Switchyard's own listeners",
            AllowMultipleArgumentsPerToken = false,
        };
        allowPrivateFetch.Validators.Add(result =>
        {
            foreach (string range in result.GetValueOrDefault<string[]>() ?? [])
                if (!OutboundAddressPolicy.TryParseRange(range, out _))
                    result.AddError($"--allow-private-fetch takes an address range such as 10.1.0.0/16, not '{range}'.");
        });

        var cacheMemory = new Option<int>("--cache-memory-mb")
        {
            Description = "Memory the Cache API (caches.default, caches.open) may hold on this node; past it the least recently used responses are dropped",
            DefaultValueFactory = _ => 128,
        };
        cacheMemory.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1024 * 1024) result.AddError("--cache-memory-mb must be between 1 and 1048576.");
        });

        var workerHosts = new Option<int>("--worker-hosts")
        {
            Description = "Worker host processes that run the isolates, each sandboxed (seccomp, no database, no secrets), tenants spread "
                + "over them by account (account-level scripts) or user worker (default: one per core, 2 to 16); 0 runs isolates inside the server process",
            DefaultValueFactory = _ => ServerOptions.DefaultWorkerHosts,
        };
        workerHosts.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 256) result.AddError("--worker-hosts must be between 0 and 256.");
        });

        var logFormat = new Option<string>("--log-format")
        {
            Description = "text: log lines for people; json: one JSON object per line (console calls, exceptions, limit overruns and one line per invocation, with account, namespace, script, version and ray id as fields)",
            DefaultValueFactory = _ => "text",
        };
        logFormat.AcceptOnlyFromAmong("text", "json");

        var command = new Command("serve", "Run the control-plane API and the edge in one process, on embedded storage or a shared PostgreSQL")
        {
            data, postgres, apiListen, edgeListen, domain, blobGrace, memory, warmWorkers, warmMemory, allowPrivateFetch, cacheMemory, workerHosts, logFormat,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = ServerOptions.FromEnvironment() with
            {
                DataDir = parse.GetValue(data)!,
                Postgres = parse.GetValue(postgres),
                ApiListen = parse.GetValue(apiListen)!,
                EdgeListen = parse.GetValue(edgeListen)!,
                WorkersDomain = parse.GetValue(domain)!,
                BlobCollection = new() { GracePeriod = TimeSpan.FromMinutes(parse.GetValue(blobGrace)) },
                WorkerMemoryMb = parse.GetValue(memory),
                MaxWarmWorkers = parse.GetValue(warmWorkers),
                WarmMemoryMb = parse.GetValue(warmMemory),
                LogFormat = parse.GetValue(logFormat)!,
                CacheMemoryMb = parse.GetValue(cacheMemory),
                WorkerHosts = parse.GetValue(workerHosts),
                AllowPrivateFetch = [.. (parse.GetValue(allowPrivateFetch) ?? []).Select(r =>
                {
                    OutboundAddressPolicy.TryParseRange(r, out var range);
                    return range;
                })],
            };
            await using var server = await SwitchyardServer.StartAsync(options, ct);
            PrintBanner(server, options);
            try { await Task.Delay(Timeout.Infinite, ct); }
            catch (OperationCanceledException) { }
            await server.StopAsync();
            return 0;
        });
        return command;
    }

    private static void PrintBanner(SwitchyardServer server, ServerOptions options)
    {
        // With JSON logs stdout holds only JSON lines: the banner, for the person starting the server, goes to stderr.
        TextWriter console = options.LogFormat == "json" ? Console.Error : Console.Out;
        var api = new Uri(server.ApiUrl, "/client/v4").ToString();
        console.WriteLine($"Switchyard API   {api}");
        console.WriteLine($"Switchyard edge  {server.EdgeUrl}  (workers at <script>.<subdomain>.{options.WorkersDomain})");
        if (server.Bootstrap.NewToken is { } token)
        {
            console.WriteLine("Created an account and an API token. Paste these into your shell (the token is not shown again):");
            console.WriteLine($"export CLOUDFLARE_API_BASE_URL={api}");
            console.WriteLine($"export CLOUDFLARE_ACCOUNT_ID={server.Bootstrap.AccountId} CLOUDFLARE_API_TOKEN={token}");
        }
        else if (server.Bootstrap.Created)
        {
            console.WriteLine("Created an account whose API token is the one SWITCHYARD_API_TOKEN sets (not shown). For wrangler:");
            console.WriteLine($"export CLOUDFLARE_API_BASE_URL={api}");
            console.WriteLine($"export CLOUDFLARE_ACCOUNT_ID={server.Bootstrap.AccountId}");
        }
        console.Flush();
    }
}
