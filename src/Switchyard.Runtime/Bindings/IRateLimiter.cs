using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Bindings;

/// <summary>
/// The counters behind rate limit bindings (<c>env.LIMITER.limit({key})</c>): one per account, namespace id and key. The
/// server keeps them (<see cref="RateLimiter"/>); a worker host asks the server, so that all of a node's hosts count
/// together.
/// </summary>
public interface IRateLimiter
{
    /// <summary>
    /// Counts one call for <paramref name="key"/> in the account's <paramref name="namespaceId"/> under a binding's
    /// <paramref name="simple"/> terms; false when the key has used up its limit in this period.
    /// </summary>
    ValueTask<bool> TryTakeAsync(string accountId, string namespaceId, RateLimitSimple simple, string key, CancellationToken ct = default);
}
