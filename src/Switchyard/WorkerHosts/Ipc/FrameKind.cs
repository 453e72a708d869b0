namespace Switchyard.WorkerHosts.Ipc;

/// <summary>
/// What a frame of the worker host channel carries. Every frame is <c>[u32 payload length][u8 kind][u32 call id]</c>
/// (little-endian) followed by its payload; a call's frames travel in order, calls interleave.
/// </summary>
internal enum FrameKind : byte
{
    /// <summary>Opens a call: <c>[u16 method length][method, UTF-8][head]</c>. Sent by the caller.</summary>
    Call = 1,

    /// <summary>The callee's answer head (opaque to the channel). Sent once, before any response body.</summary>
    Reply = 2,

    /// <summary>A chunk of the sender's body: the request body from the caller, the response body from the callee.</summary>
    Data = 3,

    /// <summary>The sender's body is complete.</summary>
    End = 4,

    /// <summary>The sender abandons the call (the caller no longer wants it; the callee failed: payload is the reason).</summary>
    Cancel = 5,

    /// <summary><c>[u32 bytes]</c>: the sender has consumed that much of the other side's body, which may send that much more.</summary>
    Credit = 6,

    /// <summary>A <see cref="Call"/> whose body is empty: the call and its end in one frame.</summary>
    CallEnded = 7,

    /// <summary>A <see cref="Reply"/> with no body after it: the reply and its end in one frame.</summary>
    ReplyEnded = 8,
}
