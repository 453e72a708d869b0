using Switchyard.Runtime.WebSockets;
using Xunit;

namespace Switchyard.Runtime.Tests;

/// <summary>
/// The bounded queue every WebSocket direction uses: frames in order, an overflow replaced by a broken connection (and
/// its holder told), nothing after the ending frame, and nothing counted for what was dropped after it.
/// </summary>
public sealed class WebSocketFrameQueueTests
{
    private static byte[] Over(long bytes) => new byte[bytes];

    [Fact]
    public async Task Frames_leave_in_order_and_an_overflow_breaks_the_connection()
    {
        int full = 0;
        var queue = new WebSocketFrameQueue(onFull: () => full++);
        queue.Add(WebSocketFrame.TextMessage("one"));
        queue.Add(WebSocketFrame.BinaryMessage(Over(WebSocketFrame.MaxQueuedBytes - 10)));
        WebSocketFrame? replaced = queue.Add(WebSocketFrame.BinaryMessage(Over(100)));
        Assert.Equal(WebSocketFrameKind.Error, replaced?.Kind);
        Assert.Equal(WebSocketFrame.QueueFullReason, replaced?.Reason);
        Assert.Equal(1, full);
        Assert.Null(queue.Add(WebSocketFrame.TextMessage("after the end")));

        Assert.Equal("one", (await queue.TakeAsync(CancellationToken.None))?.Text);
        Assert.Equal(WebSocketFrameKind.Binary, (await queue.TakeAsync(CancellationToken.None))?.Kind);
        Assert.Equal(WebSocketFrameKind.Error, (await queue.TakeAsync(CancellationToken.None))?.Kind);
        Assert.Null(await queue.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Sending_on_after_the_close_neither_counts_nor_cuts_the_connection()
    {
        int full = 0;
        var queue = new WebSocketFrameQueue(onFull: () => full++);
        queue.Add(WebSocketFrame.Closing(1000, "bye"));
        // A worker that keeps sending after close(): more than the whole limit, dropped, and the close still goes out.
        for (int i = 0; i < 3; i++) Assert.Null(queue.Add(WebSocketFrame.BinaryMessage(Over(WebSocketFrame.MaxQueuedBytes / 2))));
        Assert.Equal(0, full);
        Assert.Equal(WebSocketFrameKind.Close, (await queue.TakeAsync(CancellationToken.None))?.Kind);
        Assert.Null(await queue.TakeAsync(CancellationToken.None));
    }
}
