using System.Collections.Concurrent;
using Switchyard.Observability.Tracing;

namespace Switchyard.Observability.Tail;

/// <summary>
/// Every open tail of this node, by the script it watches. As a <see cref="ITraceSink"/> it tells the runtime which
/// scripts are tailed (a dictionary lookup, only when some tail exists) and hands each of their events to the tails.
/// A tail ends when deleted, when its socket closes, when it expires (<see cref="Lifetime"/>), or when nobody connected
/// to it within <see cref="ConnectWithin"/>.
/// </summary>
public sealed class TailHub : ITraceSink, IDisposable
{
    /// <summary>Open tails per script (Cloudflare limits them too); creating one more is refused.</summary>
    public const int MaxTailsPerScript = 10;

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(6);
    public static readonly TimeSpan ConnectWithin = TimeSpan.FromMinutes(5);

    private readonly object _gate = new();
    private readonly ConcurrentDictionary<TraceTarget, TailSession[]> _byTarget = new();
    private readonly ConcurrentDictionary<string, TailSession> _byId = new(StringComparer.Ordinal);
    // Tails whose socket closed lately: wrangler deletes its tail after dropping the socket (Ctrl-C, reconnects), and
    // that DELETE is answered with success, as for a tail still open. Kept ClosedKeptFor, swept with the rest.
    private readonly ConcurrentDictionary<string, (TraceTarget Target, DateTimeOffset At)> _closed = new(StringComparer.Ordinal);
    private static readonly TimeSpan ClosedKeptFor = TimeSpan.FromMinutes(10);
    private readonly TimeProvider _time;
    private readonly ITimer _sweeper;

    public TailHub(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _sweeper = _time.CreateTimer(_ => Sweep(), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
    }

    public TimeProvider Time => _time;

    public bool Wants(TraceTarget target) => !_byTarget.IsEmpty && _byTarget.ContainsKey(target);

    public void Publish(TraceEvent trace)
    {
        if (!_byTarget.TryGetValue(trace.Target, out TailSession[]? sessions)) return;
        foreach (TailSession session in sessions) session.Offer(trace);
    }

    /// <summary>Opens a tail of <paramref name="target"/>; null when it already has <see cref="MaxTailsPerScript"/>.</summary>
    public TailSession? TryCreate(TraceTarget target, TailFilters filters)
    {
        DateTimeOffset now = _time.GetUtcNow();
        var session = new TailSession(target, filters, now, now + Lifetime);
        lock (_gate)
        {
            TailSession[] open = _byTarget.GetValueOrDefault(target) ?? [];
            if (open.Length >= MaxTailsPerScript) return null;
            _byTarget[target] = [.. open, session];
            _byId[session.Id] = session;
        }
        return session;
    }

    /// <summary>The open tail <paramref name="id"/>, whoever owns it (the socket endpoint checks its key).</summary>
    public TailSession? Find(string id) => _byId.TryGetValue(id, out TailSession? s) && !s.IsEnded ? s : null;

    public IReadOnlyList<TailSession> List(TraceTarget target) => _byTarget.GetValueOrDefault(target) ?? [];

    /// <summary>Ends tail <paramref name="id"/> of <paramref name="target"/>; false when that script has no such tail.</summary>
    public bool Delete(TraceTarget target, string id)
    {
        if (_byId.TryGetValue(id, out TailSession? session) && session.Target == target)
        {
            Remove(session);
            return true;
        }
        // Its socket closed first (the order wrangler uses): the tail is already gone, and deleting it succeeds once.
        return _closed.TryGetValue(id, out var closed) && closed.Target == target && _closed.TryRemove(id, out _);
    }

    /// <summary>Forgets a tail whose socket has closed (it cannot be reconnected: wrangler opens a new one).</summary>
    public void Closed(TailSession session)
    {
        if (_byId.ContainsKey(session.Id)) _closed[session.Id] = (session.Target, _time.GetUtcNow());
        Remove(session);
    }

    /// <summary>Ends every tail of a script that is deleted.</summary>
    public void EndAll(TraceTarget target)
    {
        foreach (TailSession session in List(target)) Remove(session);
    }

    private void Remove(TailSession session)
    {
        lock (_gate)
        {
            if (!_byId.TryRemove(session.Id, out _)) return;
            TailSession[] rest = [.. (_byTarget.GetValueOrDefault(session.Target) ?? []).Where(s => s != session)];
            if (rest.Length == 0) _byTarget.TryRemove(session.Target, out _);
            else _byTarget[session.Target] = rest;
        }
        session.End();
    }

    private void Sweep()
    {
        DateTimeOffset now = _time.GetUtcNow();
        foreach (var (id, closed) in _closed)
            if (now - closed.At > ClosedKeptFor) _closed.TryRemove(id, out _);
        foreach (TailSession session in _byId.Values)
            if (session.ExpiresAt <= now || (!session.IsConnected && now - session.Created > ConnectWithin) || session.IsEnded)
                Remove(session);
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        foreach (TailSession session in _byId.Values) Remove(session);
    }
}
