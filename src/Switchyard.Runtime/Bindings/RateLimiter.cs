using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Bindings;

/// <summary>
/// Rate limit counters in memory, per node (Cloudflare counts per location, and as here the count is not shared
/// between them): fixed windows of the binding's period, aligned to the clock, per account, namespace id and key.
/// Windows that have ended are swept as calls come; at <see cref="MaxKeys"/> live keys a new key is let through
/// uncounted rather than growing memory further (Cloudflare's limiter, too, errs towards letting calls through).
/// </summary>
public sealed class RateLimiter(TimeProvider clock) : IRateLimiter
{
    /// <summary>Live counters kept at most; each is about 200 bytes with its key (<see cref="MaxKeyChars"/>).</summary>
    public const int MaxKeys = 1_000_000;

    private sealed class Window
    {
        public long Start;
        public int Count;
    }

    private readonly ConcurrentDictionary<(string Account, string Namespace, string Key), Window> _windows = new();
    private long _nextSweep;

    public RateLimiter() : this(TimeProvider.System) { }

    /// <summary>Live counters now (for tests and diagnostics).</summary>
    public int Count => _windows.Count;

    public ValueTask<bool> TryTakeAsync(string accountId, string namespaceId, RateLimitSimple simple, string key, CancellationToken ct = default) =>
        ValueTask.FromResult(TryTake(accountId, namespaceId, simple, key));

    private bool TryTake(string accountId, string namespaceId, RateLimitSimple simple, string key)
    {
        long now = clock.GetUtcNow().ToUnixTimeSeconds();
        long start = now - now % simple.Period;
        SweepIfDue(now);
        var id = (accountId, namespaceId, key.Length <= MaxKeyChars ? key : Digest(key));
        if (!_windows.TryGetValue(id, out Window? window))
        {
            if (_windows.Count >= MaxKeys) return true;
            window = _windows.GetOrAdd(id, _ => new Window { Start = start });
        }
        lock (window)
        {
            if (window.Start != start)
            {
                window.Start = start;
                window.Count = 0;
            }
            if (window.Count >= simple.Limit) return false;
            window.Count++;
            return true;
        }
    }

    /// <summary>Keys longer than this are counted by their SHA-256, so that a counter's memory does not grow with its key.</summary>
    public const int MaxKeyChars = 64;

    private static string Digest(string key) => "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    // Once a minute at most: windows are at most 60 s long, so one that started over a minute ago has ended.
    private void SweepIfDue(long now)
    {
        long due = Volatile.Read(ref _nextSweep);
        if (now < due || Interlocked.CompareExchange(ref _nextSweep, now + 60, due) != due) return;
        foreach (var (id, window) in _windows)
            if (window.Start <= now - 60) _windows.TryRemove(new KeyValuePair<(string, string, string), Window>(id, window));
    }
}
