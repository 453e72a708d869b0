using System.Text.Json;
using Microsoft.Extensions.Logging;
using Switchyard.Runtime.Invocation;
using Switchyard.Storage.Scripts;
using Switchyard.WorkerHosts.Ipc;
using Switchyard.WorkerHosts.Protocol;

namespace Switchyard.WorkerHosts.Host;

/// <summary>
/// The inside of a worker host process: a <see cref="WorkerRuntime"/> whose every service is the server, over the
/// channel (versions and module code, KV, outbound fetch, assets, binding calls, console lines), answering the server's
/// <c>invoke</c> calls. It is built, isolate pool and runtime image included, before the sandbox closes; after that
/// the process has its channel and what it already opened, nothing more.
/// </summary>
internal sealed class HostRuntime : IAsyncDisposable
{
    private readonly HostChannel _channel;
    private readonly ChannelVersions _versions;
    private readonly ChannelBlobs _blobs;
    private readonly WorkerRuntime _runtime;
    private readonly ILoggerFactory _loggers;
    private readonly ChannelMetrics _metrics;
    private readonly WebSocketHandoffs _webSockets = new();
    private readonly Lock _budgetGate = new();
    private long _budgetTaken;  // the sequence of the last budget taken (under _budgetGate)

    public HostRuntime(Stream connection, RuntimeOptions options)
    {
        _channel = new HostChannel(connection, oddIds: true, AnswerAsync);
        _versions = new ChannelVersions(_channel);
        _loggers = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .SetMinimumLevel(LogLevel.Warning));
        var assets = new ChannelAssets(_channel);
        WorkerRuntime? runtime = null;
        _metrics = new ChannelMetrics(_channel, () => runtime?.WarmInstances() ?? []);
        _runtime = runtime = new WorkerRuntime(options, _blobs = new ChannelBlobs(_channel), new ChannelKv(_channel), _versions, new ChannelOutbound(_channel),
            [new ChannelLogSink(_channel)], _loggers, () => assets, [new ChannelTraceSink(_channel)], new ChannelSockets(_channel))
        {
            BindingCalls = new ChannelBindingCalls(_channel),
            MetricsRecorder = _metrics,
            RateLimits = new ChannelRateLimits(_channel),
        };
    }

    /// <summary>Serves until the channel closes (the server stopped or dropped this host).</summary>
    public async Task RunAsync()
    {
        _channel.Start();
        await _channel.Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task AnswerAsync(ChannelCall call)
    {
        switch (call.Method)
        {
            case HostMethods.Invoke:
                InvokeHead head = BinaryHeads.ReadInvoke(call.Head.Span);
                if (head.Preload is { Modules: { } sentAhead }) _blobs.Hold(sentAhead);
                DeployedVersion version = head.Preload is { } preload && preload.Version.Version.Id == head.VersionId
                    ? _versions.Remember(preload.Version)
                    : await _versions.LoadAsync(head.VersionId, call.Aborted).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"The server sent version {head.VersionId} and does not know it.");
                await InvocationWire.AnswerAsync(call, head.Request,
                    (request, ct) => _runtime.InvokeAsync(head.Worker, version, request, head.Settings, ct), _webSockets).ConfigureAwait(false);
                return;
            case HostMethods.WebSocket:
                if (_webSockets.TryServe(call, out Task relay)) await relay.ConfigureAwait(false);
                else call.Cancel("No WebSocket waits under that id.");
                return;
            case HostMethods.Validate:
                ValidateHead validate = WireJson.Read<ValidateHead>(call.Head);
                Dictionary<string, byte[]> modules = ModuleBundle.Read(await PlainCall.ReadBodyAsync(call, call.Aborted).ConfigureAwait(false));
                string? problem = await _runtime.ValidateAsync(validate.AccountId, validate.ScriptName, validate.Candidate, modules, call.Aborted)
                    .ConfigureAwait(false);
                call.SendReplyAndEnd(WireJson.Write(new ValidateReply(problem)));
                return;
            case HostMethods.Budget:
                BudgetHead budget = WireJson.Read<BudgetHead>(call.Head);
                if (budget.Bytes <= 0 || budget.Instances <= 0)
                {
                    call.Cancel("A budget is a positive number of bytes (and of instances).");
                    return;
                }
                lock (_budgetGate)
                {
                    if (budget.Sequence > _budgetTaken)
                    {
                        _budgetTaken = budget.Sequence;
                        _runtime.WarmMemoryBudgetBytes = budget.Bytes;
                        if (budget.Instances is int instances) _runtime.MaxWarmInstances = instances;
                    }
                }
                call.SendReplyAndEnd(ReadOnlyMemory<byte>.Empty);
                return;
            case HostMethods.Health:
                string status = await File.ReadAllTextAsync("/proc/thread-self/status").ConfigureAwait(false);
                call.SendReplyAndEnd(JsonSerializer.SerializeToUtf8Bytes(new
                {
                    pid = Environment.ProcessId,
                    seccomp = status.Split('\n').FirstOrDefault(l => l.StartsWith("Seccomp:", StringComparison.Ordinal))?["Seccomp:".Length..].Trim(),
                }));
                return;
            default:
                call.Cancel($"A worker host does not answer '{call.Method}'.");
                return;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _metrics.Dispose();
        await _channel.DisposeAsync().ConfigureAwait(false);
        _runtime.Dispose();
        _loggers.Dispose();
    }
}
