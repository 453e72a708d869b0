namespace Switchyard.Engine;

/// <summary>
/// A synchronous host function. Runs on the isolate's executor; handles among <paramref name="args"/> are
/// released when it returns (dispose-free), so copy out what must outlive the call.
/// </summary>
public delegate JsValue HostFunction(JsContext context, ReadOnlySpan<JsValue> args);

/// <summary>
/// An asynchronous host function: JS receives a promise that settles when the task completes, on any thread.
/// The part before the first await runs on the isolate's executor; after it, do not touch <paramref name="context"/>.
/// Handles among <paramref name="args"/> are released once the promise settles.
/// </summary>
public delegate Task<JsValue> AsyncHostFunction(JsContext context, JsValue[] args);

/// <summary>
/// The C# functions a runtime exposes to JS, installed as globals under their names in every context.
/// A function's id is its position, which is what a snapshot records: the table is frozen once an image uses it.
/// </summary>
public sealed class HostFunctionTable
{
    private readonly List<Entry> _entries = [];
    private bool _frozen;
    private int[] _called = [];  // per function, 1 once it has been called (sized when the table is frozen)

    internal readonly record struct Entry(string Name, HostFunction? Sync, AsyncHostFunction? Async, bool SettlesInLaterTask = false);

    public int Count => _entries.Count;

    public HostFunctionTable Add(string name, HostFunction function) => Add(new Entry(name, function, null));

    /// <param name="settleInLaterTask">
    /// Settle the promise in a later task of the isolate even when the function's task has already completed by the
    /// time it returns. Otherwise a completed task settles it at once, and its reactions run within the current
    /// microtask checkpoint, ahead of microtasks queued after the call: right for most I/O, wrong for a timer, which must
    /// never overtake them (however fast the timer's thread was).
    /// </param>
    public HostFunctionTable AddAsync(string name, AsyncHostFunction function, bool settleInLaterTask = false) =>
        Add(new Entry(name, null, function, settleInLaterTask));

    internal Entry this[int id] => _entries[id];

    internal IReadOnlyList<Entry> Freeze()
    {
        if (!_frozen) _called = new int[_entries.Count];
        _frozen = true;
        return _entries;
    }

    /// <summary>True exactly once per function in the process: for its first call.</summary>
    internal bool IsFirstCall(int id) => Volatile.Read(ref _called[id]) == 0 && Interlocked.Exchange(ref _called[id], 1) == 0;

    private HostFunctionTable Add(Entry entry)
    {
        if (_frozen) throw new InvalidOperationException("The table is in use by a runtime image and can no longer change.");
        if (_entries.Exists(e => e.Name == entry.Name)) throw new ArgumentException($"Duplicate host function '{entry.Name}'.");
        _entries.Add(entry);
        return this;
    }
}
