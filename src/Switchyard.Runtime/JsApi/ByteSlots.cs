namespace Switchyard.Runtime.JsApi;

/// <summary>
/// Bytes an async host call produced, parked under a number until JS takes them synchronously inside the isolate
/// (an async host function must not create JS values after its first await).
/// </summary>
internal sealed class ByteSlots
{
    private readonly Dictionary<int, ReadOnlyMemory<byte>> _slots = [];
    private int _next;

    public int Put(ReadOnlyMemory<byte> bytes)
    {
        lock (_slots)
        {
            int slot = ++_next;
            _slots[slot] = bytes;
            return slot;
        }
    }

    public ReadOnlyMemory<byte> Take(int slot)
    {
        lock (_slots)
        {
            if (!_slots.Remove(slot, out ReadOnlyMemory<byte> bytes)) throw new InvalidOperationException($"No bytes in slot {slot}.");
            return bytes;
        }
    }
}
