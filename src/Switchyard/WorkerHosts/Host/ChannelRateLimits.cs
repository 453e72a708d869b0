using Switchyard.Runtime.Bindings;
using Switchyard.Storage.Scripts;
using Switchyard.WorkerHosts.Ipc;
using Switchyard.WorkerHosts.Protocol;

namespace Switchyard.WorkerHosts.Host;

/// <summary>A worker host's rate limit bindings: each call is counted by the server, where all hosts' calls meet.</summary>
internal sealed class ChannelRateLimits(HostChannel channel) : IRateLimiter
{
    public async ValueTask<bool> TryTakeAsync(string accountId, string namespaceId, RateLimitSimple simple, string key, CancellationToken ct = default)
    {
        var head = new RateLimitHead(accountId, namespaceId, simple.Limit, simple.Period, key);
        var (reply, _) = await PlainCall.SendAsync(channel, HostMethods.RateLimit, WireJson.Write(head), ct: ct).ConfigureAwait(false);
        return WireJson.Read<RateLimitReply>(reply).Success;
    }
}
