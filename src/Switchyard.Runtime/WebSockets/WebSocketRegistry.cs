namespace Switchyard.Runtime.WebSockets;

/// <summary>
/// The WebSockets one invocation's JavaScript reaches through the host, by id: connections it received from
/// <c>fetch()</c> or a binding, and the inner ends of the <c>WebSocketPair</c>s whose other end it handed out in a
/// response. None outlives the invocation: whatever is still open when it ends is broken.
/// </summary>
internal sealed class WebSocketRegistry : IDisposable
{
    private readonly Dictionary<int, Entry> _open = [];
    private int _next;
    private bool _disposed;

    private sealed class Entry(IWebSocketEnd end, WebSocketLink? link)
    {
        public IWebSocketEnd End { get; } = end;

        /// <summary>The pair this end belongs to, while its outer end has not been handed out yet.</summary>
        public WebSocketLink? Link { get; set; } = link;

        /// <summary>Completed when the JavaScript side is done with the end (it saw the close or the break).</summary>
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A connection from outside the isolate, for a JS WebSocket to use.</summary>
    public int Add(IWebSocketEnd end) => Add(new Entry(end, null));

    /// <summary>A new pair, for a WebSocketPair end about to leave the isolate: JS keeps the inner end under the id.</summary>
    public int CreateLink()
    {
        var link = new WebSocketLink();
        return Add(new Entry(link.Inner, link));
    }

    public IWebSocketEnd Get(int id)
    {
        lock (_open)
            return _open.TryGetValue(id, out Entry? entry) ? entry.End : throw new ObjectDisposedException("WebSocket", "The WebSocket is closed.");
    }

    /// <summary>
    /// The end a response carries for the WebSocket <paramref name="id"/>: a pair's outer end (JS keeps using the inner
    /// one, and <c>Open</c> completes when it is done with it), or a connection from outside passed on untouched (JS
    /// gives it up; Open is null).
    /// </summary>
    public (IWebSocketEnd End, Task? Open) HandOut(int id)
    {
        lock (_open)
        {
            if (!_open.TryGetValue(id, out Entry? entry)) throw new ObjectDisposedException("WebSocket", "The WebSocket is closed.");
            if (entry.Link is { } link)
            {
                entry.Link = null;
                return (link.Outer, entry.Done.Task);
            }
            _open.Remove(id);
            return (entry.End, null);
        }
    }

    /// <summary>JS is done with the end (it has seen its close or break).</summary>
    public void Finish(int id)
    {
        Entry? entry;
        lock (_open)
            if (!_open.Remove(id, out entry)) return;
        entry.Done.TrySetResult();
    }

    private int Add(Entry entry)
    {
        lock (_open)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            int id = ++_next;
            _open[id] = entry;
            return id;
        }
    }

    /// <summary>Breaks every WebSocket still open: the invocation is over.</summary>
    public void Dispose()
    {
        Entry[] left;
        lock (_open)
        {
            _disposed = true;
            left = [.. _open.Values];
            _open.Clear();
        }
        foreach (Entry entry in left)
        {
            entry.End.Abandon("The worker's invocation ended.");
            entry.Done.TrySetResult();
        }
    }
}
