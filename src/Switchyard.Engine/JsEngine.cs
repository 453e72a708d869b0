using Switchyard.Engine.Interop;

namespace Switchyard.Engine;

/// <summary>The V8 library the engine runs on.</summary>
public static class JsEngine
{
    /// <summary>The version V8 reports (<c>v8::V8::GetVersion()</c>), e.g. <c>14.7.173.23-ClearScript</c>. Does not start V8.</summary>
    public static string V8Version => V8Platform.Version;

    /// <summary>
    /// The shim's header/library consistency checks (native/self_check.cc), run on a fresh isolate: every inline
    /// accessor of the V8 headers the shim relies on, compared with the library's own results. Returns the number of
    /// failed checks and one line per check. V8's start-up runs the same checks and refuses to start when any fails.
    /// </summary>
    public static (int Failures, string Report) SelfCheck() => V8Platform.SelfCheck();
}
