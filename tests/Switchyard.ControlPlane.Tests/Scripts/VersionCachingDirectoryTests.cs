using Switchyard.Storage.Assets;
using Switchyard.Storage.Scripts;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>The version cache in front of the directory: versions are immutable, lookups by name are not cached.</summary>
public sealed class VersionCachingDirectoryTests
{
    [Fact]
    public async Task Concurrent_loads_of_one_version_share_a_single_read_and_later_loads_read_nothing()
    {
        var inner = new CountingDirectory { Delay = TimeSpan.FromMilliseconds(50) };  // long enough for the callers to meet
        var cache = new VersionCachingDirectory(inner);

        var loads = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => cache.LoadAsync("v1"))));
        var again = await cache.LoadAsync("v1");

        Assert.Equal(1, inner.Loads("v1"));
        Assert.All(loads, v => Assert.Same(again, v));
    }

    [Fact]
    public async Task Missing_and_failed_loads_are_not_kept()
    {
        var inner = new CountingDirectory { Missing = { "gone" }, Failing = { "broken" } };
        var cache = new VersionCachingDirectory(inner);

        Assert.Null(await cache.LoadAsync("gone"));
        Assert.Null(await cache.LoadAsync("gone"));
        await Assert.ThrowsAsync<IOException>(() => cache.LoadAsync("broken"));
        inner.Failing.Clear();
        Assert.NotNull(await cache.LoadAsync("broken"));

        Assert.Equal(2, inner.Loads("gone"));
        Assert.Equal(2, inner.Loads("broken"));
    }

    [Fact]
    public void Name_lookups_always_reach_storage()
    {
        var inner = new CountingDirectory();
        var cache = new VersionCachingDirectory(inner);

        for (int i = 0; i < 3; i++)
        {
            cache.FindAccountScript("a", "s");
            cache.FindBySubdomain("sub", "s");
            cache.FindNamespaceScript("a", "ns", "s");
        }

        Assert.Equal(9, inner.Finds);
    }

    [Fact]
    public async Task Past_capacity_old_versions_are_dropped_and_reload()
    {
        var inner = new CountingDirectory();
        var cache = new VersionCachingDirectory(inner);

        for (int i = 0; i <= VersionCachingDirectory.Capacity + 10; i++) await cache.LoadAsync("v" + i);
        for (int i = 0; i <= VersionCachingDirectory.Capacity + 10; i++) await cache.LoadAsync("v" + i);

        int reloaded = Enumerable.Range(0, VersionCachingDirectory.Capacity + 11).Count(i => inner.Loads("v" + i) == 2);
        // At least the 11 dropped in the first pass; each reload drops one more (possibly one not yet asked for again),
        // so a few more reload, but a cache that kept most of what it held stays far below half its capacity.
        Assert.InRange(reloaded, 11, VersionCachingDirectory.Capacity / 2);
    }

    /// <summary>Counts calls; versions are made up, some ids are missing or fail.</summary>
    private sealed class CountingDirectory : IWorkerDirectory
    {
        private readonly Dictionary<string, int> _loads = [];
        public HashSet<string> Missing { get; } = [];
        public HashSet<string> Failing { get; } = [];
        public int Finds { get; private set; }
        public TimeSpan Delay { get; init; }

        public int Loads(string id)
        {
            lock (_loads) return _loads.GetValueOrDefault(id);
        }

        public WorkerRef? FindBySubdomain(string accountSubdomain, string scriptName) => Found();
        public WorkerRef? FindOnSubdomainAccount(string accountSubdomain, string scriptName) => Found();
        public WorkerRef? FindAccountScript(string accountId, string scriptName) => Found();
        public WorkerRef? FindNamespaceScript(string accountId, string namespaceName, string scriptName) => Found();

        public async Task<DeployedVersion?> LoadAsync(string versionId, CancellationToken ct = default)
        {
            lock (_loads) _loads[versionId] = _loads.GetValueOrDefault(versionId) + 1;
            await Task.Delay(Delay, ct);
            if (Failing.Contains(versionId)) throw new IOException("disk on fire");
            if (Missing.Contains(versionId)) return null;
            var version = new ScriptVersion(versionId, "script", 1, DateTimeOffset.UnixEpoch, "test", new VersionContent());
            return new DeployedVersion(version, new Dictionary<string, StoredAsset>());
        }

        private WorkerRef? Found()
        {
            Finds++;
            return null;
        }
    }
}
