namespace Switchyard.Storage.Freshness;

/// <summary>
/// Answers to reads, kept while the database shows no commit since they were read. Before each read the probe's
/// version is checked (<see cref="IChangeProbe"/>): any commit it reports, from any connection, process or node,
/// drops every kept answer, so a write is seen by the very next read. Past <paramref name="capacity"/> answers,
/// reads go to the database until the next commit clears them.
/// </summary>
public sealed class CommitScopedMemo<T>(IChangeProbe probe, int capacity = 10_000)
{
    private readonly Dictionary<string, T> _answers = new(StringComparer.Ordinal);
    private long _answersAt = -1;  // the probe's version the kept answers were read at (or after)

    public T Get(string key, Func<T> read) => Get(key, read, static read => read());

    /// <summary>As <see cref="Get(string, Func{T})"/>, with what the read needs passed in (no closure to allocate per lookup).</summary>
    public T Get<TState>(string key, TState state, Func<TState, T> read)
    {
        long version = probe.Read();
        lock (_answers)
        {
            if (version == _answersAt && _answers.TryGetValue(key, out var kept)) return kept;
        }
        T answer = read(state);
        lock (_answers)
        {
            if (version > _answersAt)  // a newer commit: older answers may be stale
            {
                _answers.Clear();
                _answersAt = version;
            }
            // Read after the probe, so at least as new as `version`; a reader that probed before a later commit must not
            // file its answer under the newer version.
            if (version == _answersAt && _answers.Count < capacity) _answers[key] = answer;
        }
        return answer;
    }
}
