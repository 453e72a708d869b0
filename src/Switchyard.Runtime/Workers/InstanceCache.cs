using Switchyard.Runtime.Invocation;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Workers;

/// <summary>
/// Warm worker instances by version id. A version loads once (concurrent first requests share the load); a new version
/// simply gets a new instance. Past the memory budget (or the count cap, if one is set), idle instances are disposed,
/// the least requested lately first and, among equally requested ones, the least recently used
/// (<see cref="RequestFrequency"/>); an isolate that overran its memory is discarded at once.
/// </summary>
/// <param name="evicted">Told of each instance evicted or discarded (the metrics).</param>
internal sealed class InstanceCache(RuntimeOptions options, Action<WorkerInstance>? evicted = null) : IDisposable
{
    /// <summary>How often, at most, the instances' footprints are summed against the budget.</summary>
    private static readonly TimeSpan BudgetCheckInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, Task<WorkerInstance>> _instances = new(StringComparer.Ordinal);
    private readonly RequestFrequency _frequency = new();
    private long _budgetCheckDueTicks;
    private int _countAtBudgetCheck;
    private long _memoryBudget = options.InstanceMemoryBudgetBytes;
    private int _maxInstances = options.MaxInstances;

    /// <summary>
    /// What warm instances may hold now: <see cref="RuntimeOptions.InstanceMemoryBudgetBytes"/> at first; a worker host's
    /// is set by the server as it shares the machine's budget out among its hosts. Lowering it evicts at once.
    /// </summary>
    public long MemoryBudgetBytes
    {
        get => Interlocked.Read(ref _memoryBudget);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            if (value < Interlocked.Exchange(ref _memoryBudget, value)) Trim(force: true);
        }
    }

    /// <summary>How many instances may stay warm now (<see cref="RuntimeOptions.MaxInstances"/> at first; shared out as the memory is).</summary>
    public int MaxInstances
    {
        get => Volatile.Read(ref _maxInstances);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            if (value < Interlocked.Exchange(ref _maxInstances, value)) Trim(force: true);
        }
    }

    /// <summary>The version's instance, acquired for one request (release it with <see cref="WorkerInstance.Release"/>).</summary>
    public async Task<WorkerInstance> AcquireAsync(string versionId, Func<Task<WorkerInstance>> load)
    {
        while (true)
        {
            Task<WorkerInstance> loading;
            lock (_instances)
            {
                _frequency.Count(versionId);
                if (!_instances.TryGetValue(versionId, out loading!))
                {
                    loading = Task.Run(load);
                    _instances[versionId] = loading;
                }
            }
            WorkerInstance instance;
            try
            {
                instance = await loading.ConfigureAwait(false);
            }
            catch
            {
                Forget(versionId, loading);
                throw;
            }
            if (!instance.Isolate.IsUsable)
            {
                Discard(instance);
                continue;
            }
            if (!instance.TryAcquire()) continue;  // evicted since it was looked up: the cache no longer holds it
            Trim(force: false);
            return instance;
        }
    }

    /// <summary>Drops an instance whose isolate can no longer run (memory overrun) and frees it once idle.</summary>
    public void Discard(WorkerInstance instance)
    {
        lock (_instances)
        {
            if (_instances.TryGetValue(instance.VersionId, out var current) && current.IsCompletedSuccessfully && current.Result == instance)
            {
                _instances.Remove(instance.VersionId);
                evicted?.Invoke(instance);
            }
        }
        if (instance.TryEvict()) instance.Dispose();  // else the request holding it comes back here when it finishes
    }

    /// <summary>The loaded instances now (the metrics' gauges).</summary>
    public List<WorkerInstance> Loaded()
    {
        lock (_instances) return LoadedLocked();
    }

    // Instances still loading are not counted yet. Call under the lock.
    private List<WorkerInstance> LoadedLocked() => [.. _instances.Values.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result)];

    private void Forget(string versionId, Task<WorkerInstance> loading)
    {
        lock (_instances)
        {
            if (_instances.TryGetValue(versionId, out var current) && current == loading) _instances.Remove(versionId);
        }
    }

    private void Trim(bool force)
    {
        var dropped = new List<WorkerInstance>();
        lock (_instances)
        {
            // The pass walks every loaded instance, so a request pays for it only when the count is over its cap, a
            // second has passed, or the count grew by a sixteenth since the last pass (a burst of new tenants).
            long now = Environment.TickCount64;
            int count = _instances.Count;
            int maxInstances = MaxInstances;
            if (!force && count <= maxInstances && now < _budgetCheckDueTicks && count < _countAtBudgetCheck + _countAtBudgetCheck / 16 + 1)
                return;
            _budgetCheckDueTicks = now + (long)BudgetCheckInterval.TotalMilliseconds;
            List<WorkerInstance> loaded = LoadedLocked();
            long footprint = loaded.Sum(i => i.FootprintBytes);
            long budget = MemoryBudgetBytes;
            if (count > maxInstances || footprint > budget)
            {
                // Down to a twentieth below the limits: the sort is then paid once per batch of evictions, not per load.
                int countTarget = maxInstances - maxInstances / 20;
                long memoryTarget = budget - budget / 20;
                var candidates = loaded.Where(i => i.IsIdle)
                    .OrderBy(i => _frequency.Estimate(i.VersionId)).ThenBy(i => i.LastUsedTicks);
                foreach (WorkerInstance idle in candidates)
                {
                    if (_instances.Count <= countTarget && footprint <= memoryTarget) break;
                    if (!idle.TryEvict()) continue;  // a request took it meanwhile
                    _instances.Remove(idle.VersionId);
                    footprint -= idle.FootprintBytes;
                    dropped.Add(idle);
                    evicted?.Invoke(idle);
                }
            }
            _countAtBudgetCheck = _instances.Count;
        }
        // Off the request path: a batch may be a hundred isolates.
        if (dropped.Count > 0) _ = Task.Run(() => dropped.ForEach(instance => instance.Dispose()));
    }

    public void Dispose()
    {
        List<Task<WorkerInstance>> all;
        lock (_instances)
        {
            all = [.. _instances.Values];
            _instances.Clear();
        }
        foreach (var loading in all.Where(t => t.IsCompletedSuccessfully)) loading.Result.Dispose();
    }
}
