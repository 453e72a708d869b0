using System.Runtime.InteropServices;

namespace Switchyard.Engine.Interop;

// Mirrors of the types in native/switchyard_v8.h.

internal enum SyStatus { Ok = 0, Exception = 1, Terminated = 2 }

internal enum SyTermination { None = 0, Cpu = 1, Memory = 2, Requested = 3 }

internal enum SyHostOutcome { Return = 0, Throw = 1, ReturnAndFree = 2 }

internal enum SyKind
{
    Undefined = 0, Null = 1, Boolean = 2, Number = 3, BigInt = 4, BigIntText = 5, String = 6,
    Object = 7, Array = 8, Function = 9, Promise = 10, ArrayBuffer = 11, Uint8Array = 12, Other = 13,
}

[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct SyValue
{
    [FieldOffset(0)] public SyKind Kind;
    [FieldOffset(4)] public int Handle;
    [FieldOffset(8)] public long Length;
    [FieldOffset(16)] public double Number;
    [FieldOffset(16)] public long Integer;
    [FieldOffset(16)] public nint Pointer;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SyExceptionInfo
{
    public char* Name; public int NameLength;
    public char* Message; public int MessageLength;
    public char* Stack; public int StackLength;
    public char* Resource; public int ResourceLength;
    public int Line;
    public int Column;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SyCallbacks
{
    public delegate* unmanaged<nint, int, SyValue*, int, SyValue*, int> HostCall;
    public delegate* unmanaged<nint, int, int, SyValue*, void> PromiseSettled;
    public delegate* unmanaged<nint, int, char*, int, int> ResolveModule;
}

[StructLayout(LayoutKind.Sequential)]
internal struct SyIsolateOptions
{
    public long HeapLimitBytes;
    public long ArrayBufferLimitBytes;
    public nint Snapshot;
    public nint State;
}

[StructLayout(LayoutKind.Sequential)]
internal struct SyHeapInfo
{
    public long UsedHeapBytes;
    public long TotalHeapBytes;
    public long ExternalBytes;
    public long ArrayBufferBytes;
}
