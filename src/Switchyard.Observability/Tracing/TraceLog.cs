namespace Switchyard.Observability.Tracing;

/// <summary>
/// One <c>console.*</c> call of an invocation: its level, the line as formatted for text logs, and, when the invocation
/// was traced, the call's arguments as a JSON array (trace events carry the values, not the formatted line).
/// </summary>
public sealed record TraceLog(string Level, string Text, DateTimeOffset Time, string? ArgumentsJson = null);
