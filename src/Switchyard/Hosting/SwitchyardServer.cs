using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Switchyard.ControlPlane;
using Switchyard.ControlPlane.Scripts;
using Switchyard.Edge;
using Switchyard.Observability.Logs;
using Switchyard.Observability.Tail;
using Switchyard.Observability.Tracing;
using Switchyard.Runtime;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Outbound;
using Switchyard.Runtime.Telemetry;
using Switchyard.Storage;
using Switchyard.WorkerHosts.Server;

namespace Switchyard.Hosting;

/// <summary>
/// One Switchyard process: the control-plane API and the edge, each on its own Kestrel listener, sharing one
/// storage instance. Tests start it in-process on port 0 and read the bound addresses back.
/// </summary>
public sealed class SwitchyardServer : IAsyncDisposable
{
    private readonly WebApplication _api;
    private readonly WebApplication _edge;

    private SwitchyardServer(IStorage storage, BootstrapResult bootstrap, WebApplication api, WebApplication edge, TailHub tails)
    {
        Tails = tails;
        Storage = storage;
        Bootstrap = bootstrap;
        _api = api;
        _edge = edge;
    }

    public IStorage Storage { get; }
    /// <summary>The node's open tails (<c>wrangler tail</c>), shared by the API and the edge's runtime.</summary>
    public TailHub Tails { get; }
    public BootstrapResult Bootstrap { get; }
    public Uri ApiUrl => BoundAddress(_api);
    public Uri EdgeUrl => BoundAddress(_edge);
    /// <summary>The API listener's services, for in-process callers (and tests) of contracts such as IAssetCompletionTokens.</summary>
    public IServiceProvider ApiServices => _api.Services;
    /// <summary>The edge listener's services (the assets binding, for the runtime and tests).</summary>
    public IServiceProvider EdgeServices => _edge.Services;

    /// <param name="configureApi">Extra API services, registered last (tests use it to stand in for services of other parts).</param>
    /// <param name="configureEdge">Extra edge services, registered last (the Workers runtime's, or a test's stand-in).</param>
    public static async Task<SwitchyardServer> StartAsync(ServerOptions options, CancellationToken ct = default,
        Action<IServiceCollection>? configureApi = null, Action<IServiceCollection>? configureEdge = null)
    {
        options.BlobCollection.Validate();
        var storage = StorageFactory.Open(options);
        try
        {
            return await StartAsync(options, storage, ct, configureApi, configureEdge);
        }
        catch
        {
            await storage.DisposeAsync();
            throw;
        }
    }

    private static async Task<SwitchyardServer> StartAsync(ServerOptions options, IStorage storage, CancellationToken ct,
        Action<IServiceCollection>? configureApi, Action<IServiceCollection>? configureEdge)
    {
        var bootstrap = await Hosting.Bootstrap.EnsureAccountAsync(storage.Accounts, options);
        // One hub for both listeners: the API opens tails, the edge's runtime publishes what they show.
        var tails = new TailHub();
        // The scope of this server's Workers meter: the API's /metrics exports that meter, of all those of its name.
        var metricsScope = new object();

        WebApplication? edgeApp = null;
        var api = BuildApp(options.ApiListen, options, storage, services =>
        {
            services.AddSingleton(options.BlobCollection);
            services.AddSingleton(tails);
            ControlPlaneApp.AddServices(services);
            // Uploads are loaded by the edge's runtime before they are stored (as Cloudflare validates them).
            services.AddSingleton<IWorkerCodeValidator>(_ => new WorkerCodeValidator(() => edgeApp!.Services));
            AddMetrics(services, metricsScope);
            configureApi?.Invoke(services);
        }, app =>
        {
            ControlPlaneApp.Map(app);
            // Unauthenticated, like /healthz: the API listener is for operators, not the public (docs/operations.md).
            app.MapPrometheusScrapingEndpoint("/metrics");
        });
        var edge = BuildApp(options.EdgeListen, options, storage, services =>
        {
            EdgeApp.AddServices(services, new EdgeOptions { WorkersDomain = options.WorkersDomain });
            services.AddSingleton<ITraceSink>(tails);
            services.AddSingleton<ITraceSink>(sp => new Runtime.Telemetry.TailWorkers(sp.GetRequiredService<Storage.Scripts.IWorkerDirectory>(),
                () => sp.GetRequiredService<Runtime.Invocation.IInvocationRouter>(), sp.GetRequiredService<ILogger<Runtime.Telemetry.TailWorkers>>()));
            services.AddHostedService<Runtime.Scheduling.CronScheduler>();
            if (options.LogFormat == "json") services.AddSingleton<ITraceSink, InvocationLogSink>();
            var runtimeOptions = new RuntimeOptions
            {
                HeapLimitBytes = options.WorkerMemoryMb * 1024L * 1024,
                MaxInstances = options.MaxWarmWorkers ?? int.MaxValue,
                InstanceMemoryBudgetBytes = options.WarmMemoryMb is int mb ? mb * 1024L * 1024 : RuntimeOptions.DefaultInstanceMemoryBudgetBytes(),
                AllowedPrivateFetchRanges = options.AllowPrivateFetch,
                CacheCapacityBytes = options.CacheMemoryMb * 1024L * 1024,
                MetricsScope = metricsScope,
            };
            if (options.WorkerHosts > 0) WorkerHostRegistration.Add(services, options.WorkerHosts, runtimeOptions);
            RuntimeServices.Add(services, runtimeOptions);
            configureEdge?.Invoke(services);
        }, EdgeApp.Map);
        edgeApp = edge;
        ILogger blobLog = api.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Switchyard.Storage.Blobs");
        storage.BlobFiles.Corrupted += (key, path) =>
            blobLog.LogError("Blob {Key} at {Path} does not hash to its key: treated as missing until its content is stored again", key, path);
        await api.StartAsync(ct);
        await edge.StartAsync(ct);
        var server = new SwitchyardServer(storage, bootstrap, api, edge, tails);
        // Bound only now (a port of 0 is chosen by the system): from here on no worker can fetch() either listener.
        edge.Services.GetService<OutboundAddressPolicy>()?.ProtectListeners([.. ListenerEndPoints(api), .. ListenerEndPoints(edge)]);
        return server;
    }

    /// <summary>The longest request target either listener accepts (Cloudflare's URL limit); longer ones get 414.</summary>
    public const int MaxUrlBytes = 16 * 1024;

    private static WebApplication BuildApp(string listen, ServerOptions options, IStorage storage,
        Action<IServiceCollection> addServices, Action<WebApplication> map)
    {
        // Configuration files are not watched, and are looked for beside the executable: by default each app would put a
        // recursive file watcher on the working directory (every subdirectory, the data directory included, with its
        // per-write events).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(ListenUrl(listen));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 512L * 1024 * 1024; // endpoints enforce their own, tighter limits
            // Cloudflare accepts URLs of up to 16 KB (Kestrel's default request line is 8 KB), and 32 KB of request
            // headers in all (Kestrel's default too). The line is the method, the URL, the version and their spaces.
            k.Limits.MaxRequestLineSize = MaxUrlBytes + "OPTIONS  HTTP/1.1\r\n".Length;
        });
        builder.Logging.ClearProviders();
        if (options.LogFormat == "json")
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        else
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // Its only output is per-request lines we never log, and while it is enabled at any level ASP.NET Core starts
        // an Activity and a logging scope for every request.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        builder.Services.AddSingleton(options);
        StorageServices.Add(builder.Services, storage);
        addServices(builder.Services);

        var app = builder.Build();
        map(app);
        return app;
    }

    /// <summary>
    /// Prometheus text at the API listener's <c>/metrics</c> (OpenTelemetry's exporter): the Workers runtime's meter
    /// (<see cref="WorkerMetrics"/>, whose instruments live in the edge's runtime: a meter is process-wide) and .NET's
    /// runtime metrics (GC, heap, thread pool, CPU, working set).
    /// </summary>
    /// <param name="scope">The scope of this server's Workers meter (<see cref="RuntimeOptions.MetricsScope"/>).</param>
    private static void AddMetrics(IServiceCollection services, object scope)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(WorkerMetrics.MeterName)
            .AddRuntimeInstrumentation()
            .AddView(instrument => instrument.Meter.Name != WorkerMetrics.MeterName ? null
                // The meter of another server in this process (tests start many): the SDK would merge its instruments with
                // this server's into one stream each, and drop that stream, this server's counts too, once it is disposed.
                : !ReferenceEquals(instrument.Meter.Scope, scope) ? MetricStreamConfiguration.Drop
                // The runtime caps its label sets (RuntimeOptions.MetricsMaxScripts); the SDK's own default cap (2000 series
                // per metric) would fold series of scripts still under that cap once they have several outcomes.
                : new MetricStreamConfiguration { CardinalityLimit = WorkerMetrics.MaxSeriesPerMetric(new RuntimeOptions().MetricsMaxScripts) })
            // Every scrape sees the counts as they are (the default caches a scrape's text for 300 ms).
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
    }

    /// <summary>"HOST:PORT" (or "[v6]:PORT") as Kestrel's URL form.</summary>
    internal static string ListenUrl(string listen)
    {
        var colon = listen.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(listen[(colon + 1)..], out var port) || port is < 0 or > 65535)
            throw new ArgumentException($"listen address must be HOST:PORT, got '{listen}'");
        return $"http://{listen[..colon]}:{port}";
    }

    /// <summary>Every address an app listens on; a host name other than localhost counts as all of this machine's addresses.</summary>
    private static IEnumerable<IPEndPoint> ListenerEndPoints(WebApplication app)
    {
        foreach (string address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses)
        {
            var url = new Uri(address.Replace("://*:", "://0.0.0.0:").Replace("://+:", "://0.0.0.0:"));
            if (IPAddress.TryParse(url.Host.Trim('[', ']'), out IPAddress? ip)) yield return new IPEndPoint(ip, url.Port);
            else if (url.IsLoopback)
            {
                yield return new IPEndPoint(IPAddress.Loopback, url.Port);
                yield return new IPEndPoint(IPAddress.IPv6Loopback, url.Port);
            }
            else yield return new IPEndPoint(IPAddress.IPv6Any, url.Port);
        }
    }

    private static Uri BoundAddress(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public async Task StopAsync()
    {
        Tails.Dispose();
        await _edge.StopAsync();
        await _api.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Tails.Dispose();  // closes open tail sockets, so the API can stop without waiting on them
        await _edge.DisposeAsync();
        await _api.DisposeAsync();
        await Storage.DisposeAsync();
    }
}
