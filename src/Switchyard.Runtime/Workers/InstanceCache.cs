using Switchyard.Runtime.Invocation;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Workers;

/// <summary>
/// Warm worker instances by version id. A version loads once (concurrent first requests share the load); a new version
/// simply gets a new instance. Past the count or memory budget, idle instances are disposed least recently used first;
/// an isolate that overran its memory is discarded at once.
/// </summary>
internal sealed class InstanceCache(RuntimeOptions options) : IDisposable
{
    private readonly Dictionary<string, Task<WorkerInstance>> _instances = new(StringComparer.Ordinal);
    private long _budgetCheckDueTicks;

    /// <summary>The version's instance, acquired for one request (release it with <see cref="WorkerInstance.Release"/>).</summary>
    public async Task<WorkerInstance> AcquireAsync(string versionId, Func<Task<WorkerInstance>> load)
    {
        while (true)
        {
            Task<WorkerInstance> loading;
            lock (_instances)
            {
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
            instance.Acquire();
            Trim();
            return instance;
        }
    }

    /// <summary>Drops an instance whose isolate can no longer run (memory overrun) and frees it once idle.</summary>
    public void Discard(WorkerInstance instance)
    {
        lock (_instances)
        {
            if (_instances.TryGetValue(instance.VersionId, out var current) && current.IsCompletedSuccessfully && current.Result == instance)
                _instances.Remove(instance.VersionId);
        }
        if (instance.IsIdle) instance.Dispose();
    }

    private void Forget(string versionId, Task<WorkerInstance> loading)
    {
        lock (_instances)
        {
            if (_instances.TryGetValue(versionId, out var current) && current == loading) _instances.Remove(versionId);
        }
    }

    private void Trim()
    {
        var evicted = new List<WorkerInstance>();
        lock (_instances)
        {
            // The pass walks every loaded instance, so a request pays for it only when the count is over, or when
            // heaps may have grown past the budget: they are measured at most once per interval anyway.
            long now = Environment.TickCount64;
            if (_instances.Count <= options.MaxInstances && now < _budgetCheckDueTicks) return;
            _budgetCheckDueTicks = now + (long)WorkerInstance.HeapMeasureInterval.TotalMilliseconds;
            var loaded = _instances.Values.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result).ToList();
            long heap = loaded.Sum(i => i.HeapBytes);
            foreach (WorkerInstance idle in loaded.Where(i => i.IsIdle).OrderBy(i => i.LastUsedTicks))
            {
                if (_instances.Count <= options.MaxInstances && heap <= options.InstanceMemoryBudgetBytes) break;
                _instances.Remove(idle.VersionId);
                heap -= idle.HeapBytes;
                evicted.Add(idle);
            }
        }
        foreach (WorkerInstance instance in evicted) instance.Dispose();
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
