using System.Runtime.InteropServices;

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

    /// <summary>The V8 version the library reports, e.g. <c>14.7.173.23-ClearScript</c> (does not start V8).</summary>
    public static string Version => Marshal.PtrToStringUTF8((nint)NativeMethods.V8Version()) ?? "unknown";

    /// <summary>
    /// Runs the shim's header/library consistency checks (<c>sy_self_check</c>) on a fresh isolate: one line per check,
    /// and the number that failed. Start-up runs them too and refuses to start V8 when any fails.
    /// </summary>
    public static (int Failures, string Report) SelfCheck()
    {
        EnsureInitialized();
        byte[] buffer = new byte[64 * 1024];
        fixed (byte* report = buffer)
        {
            int failures = NativeMethods.SelfCheck(report, buffer.Length);
            return (failures, Marshal.PtrToStringUTF8((nint)report) ?? "");
        }
    }

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
            byte* error = null;
            if (NativeMethods.Initialize($"{DefaultFlags} {Environment.GetEnvironmentVariable("SWITCHYARD_V8_FLAGS")}", &callbacks, &error) != SyStatus.Ok)
            {
                throw new InvalidOperationException($"V8 did not start: {Marshal.PtrToStringUTF8((nint)error)}");
            }
            Volatile.Write(ref s_initialized, true);
        }
    }
}
