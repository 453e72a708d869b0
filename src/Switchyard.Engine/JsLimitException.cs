namespace Switchyard.Engine;

/// <summary>Which limit stopped the script.</summary>
public enum JsLimitKind
{
    /// <summary>The invocation's CPU budget ran out. The isolate stays usable.</summary>
    Cpu,
    /// <summary>The JS heap or ArrayBuffer memory cap was exceeded. The isolate is no longer usable.</summary>
    Memory,
    /// <summary>Execution was stopped by <see cref="JsIsolate.Terminate"/>.</summary>
    Terminated,
}

/// <summary>Execution was stopped by a limit rather than by a JS exception.</summary>
public sealed class JsLimitException : Exception
{
    public JsLimitException(JsLimitKind kind)
        : base(kind switch
        {
            JsLimitKind.Cpu => "CPU limit exceeded",
            JsLimitKind.Memory => "memory limit exceeded",
            _ => "execution terminated",
        })
    {
        Kind = kind;
    }

    public JsLimitKind Kind { get; }
}
