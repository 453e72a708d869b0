namespace Switchyard.Engine.Interop;

/// <summary>Process-wide V8 start-up, done once before the first isolate or snapshot.</summary>
internal static unsafe class V8Platform
{
    private static readonly Lock Gate = new();
    private static bool s_initialized;

    public static void EnsureInitialized()
    {
        if (Volatile.Read(ref s_initialized)) return;
        lock (Gate)
        {
            if (s_initialized) return;
            var callbacks = new SyCallbacks
            {
                HostCall = &NativeCallbacks.HostCall,
                PromiseSettled = &NativeCallbacks.PromiseSettled,
                ResolveModule = &NativeCallbacks.ResolveModule,
            };
            NativeMethods.Initialize(Environment.GetEnvironmentVariable("SWITCHYARD_V8_FLAGS"), &callbacks);
            Volatile.Write(ref s_initialized, true);
        }
    }
}
