using System.Runtime.InteropServices;

namespace Switchyard.Runtime.Workers;

/// <summary>
/// How often each worker version has been requested lately, for choosing which warm instance to evict: a count per
/// version, loaded or not, halved for all once enough requests have been counted since the last halving. Counting
/// evicted versions too is what lets a tenant that keeps coming back win its place over one-off visitors (the idea of
/// TinyLFU's admission, with an exact count: a platform has thousands of versions, not millions). Not thread-safe: the
/// instance cache calls it under its lock.
/// </summary>
internal sealed class RequestFrequency
{
    /// <summary>The least number of counted requests between two halvings.</summary>
    public const int MinSamplePeriod = 1024;

    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _sinceHalving;

    public void Count(string versionId)
    {
        _counts[versionId] = _counts.GetValueOrDefault(versionId) + 1;
        // Ten requests per known version between halvings: the counts follow shifts in traffic within a few periods,
        // and the halving's walk over all versions costs a tenth of a dictionary operation per request.
        if (++_sinceHalving >= Math.Max(MinSamplePeriod, 10 * _counts.Count)) Halve();
    }

    /// <summary>The version's recent request count (0 for one not requested lately).</summary>
    public int Estimate(string versionId) => _counts.GetValueOrDefault(versionId);

    /// <summary>Versions counted at the moment (the ones requested since the count halved to zero).</summary>
    public int Tracked => _counts.Count;

    private void Halve()
    {
        _sinceHalving = 0;
        var gone = new List<string>();
        foreach (string version in _counts.Keys)
        {
            ref int count = ref CollectionsMarshal.GetValueRefOrNullRef(_counts, version);  // in place: the walk goes on
            count /= 2;
            if (count == 0) gone.Add(version);
        }
        foreach (string version in gone) _counts.Remove(version);
    }
}
