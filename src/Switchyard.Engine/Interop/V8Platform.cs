namespace Switchyard.Engine.Interop;

/// <summary>Process-wide V8 start-up, done once before the first isolate or snapshot.</summary>
internal static unsafe class V8Platform
{
    /// <summary>
    /// V8 flags set before those of <c>SWITCHYARD_V8_FLAGS</c> (which can override them). Sparkplug, V8's baseline
    /// compiler, compiles the functions a new isolate's first requests run; workers are mostly short-lived code whose
    /// hot paths TurboFan optimizes anyway, so it cost ~0.6 ms per cold start for no measurable throughput.
    /// The snapshot's checksum is not verified: the blob is made in this process and never read from disk, and the
    /// check (adler32 over 1.1 MB) was 6 % of making each isolate.
    /// Wasm compiles synchronously inside <c>WebAssembly.compile</c>'s call: asynchronous compilation finishes in platform
    /// tasks that run only when the isolate is next entered, so an awaited compile could wait forever.
    /// </summary>
    public const string DefaultFlags = "--no-sparkplug --no-verify-snapshot-checksum --no-wasm-async-compilation";

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
            NativeMethods.Initialize($"{DefaultFlags} {Environment.GetEnvironmentVariable("SWITCHYARD_V8_FLAGS")}", &callbacks);
            Volatile.Write(ref s_initialized, true);
        }
    }
}
