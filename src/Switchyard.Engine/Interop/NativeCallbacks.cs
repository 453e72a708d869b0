using System.Runtime.InteropServices;

namespace Switchyard.Engine.Interop;

/// <summary>The shim's calls into C#. Each finds its isolate from the state handle; none lets an exception escape.</summary>
internal static unsafe class NativeCallbacks
{
    [UnmanagedCallersOnly]
    public static int HostCall(nint state, int functionId, SyValue* args, int argc, SyValue* result)
    {
        try
        {
            return (int)IsolateOf(state).OnHostCall(functionId, new ReadOnlySpan<SyValue>(args, argc), result);
        }
        catch (Exception e)
        {
            Environment.FailFast("Host call dispatch failed.", e);
            return 0;
        }
    }

    [UnmanagedCallersOnly]
    public static void PromiseSettled(nint state, int awaitId, int fulfilled, SyValue* value)
    {
        try
        {
            IsolateOf(state).OnPromiseSettled(awaitId, fulfilled != 0, in *value);
        }
        catch (Exception e)
        {
            Environment.FailFast("Promise settlement dispatch failed.", e);
        }
    }

    [UnmanagedCallersOnly]
    public static int ResolveModule(nint state, int referrer, char* specifier, int length)
    {
        try
        {
            return IsolateOf(state).OnResolveModule(referrer, new string(specifier, 0, length));
        }
        catch (Exception e)
        {
            Environment.FailFast("Module resolution dispatch failed.", e);
            return -1;
        }
    }

    private static JsIsolate IsolateOf(nint state) => (JsIsolate)GCHandle.FromIntPtr(state).Target!;
}
