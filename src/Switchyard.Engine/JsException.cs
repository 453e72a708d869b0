namespace Switchyard.Engine;

/// <summary>A JS exception (or promise rejection) surfaced in C#.</summary>
public class JsException : Exception
{
    public JsException(string name, string message, string? jsStack = null, string? resource = null, int line = 0, int column = 0)
        : base(string.IsNullOrEmpty(name) ? message : $"{name}: {message}")
    {
        Name = name;
        JsMessage = message;
        JsStack = jsStack ?? "";
        Resource = resource ?? "";
        Line = line;
        Column = column;
    }

    /// <summary>The error's name, e.g. "TypeError".</summary>
    public string Name { get; }

    /// <summary>The error's message without the name.</summary>
    public string JsMessage { get; }

    /// <summary>The JS stack ("Error: x\n    at fetch (worker.js:3:11)"), empty when the thrown value had none.</summary>
    public string JsStack { get; }

    /// <summary>The script or module where it was thrown, with <see cref="Line"/> and <see cref="Column"/> (1-based).</summary>
    public string Resource { get; }
    public int Line { get; }
    public int Column { get; }

    public override string? StackTrace => string.IsNullOrEmpty(JsStack) ? base.StackTrace : JsStack + Environment.NewLine + base.StackTrace;
}
