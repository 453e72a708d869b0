namespace Switchyard.Engine;

/// <summary>Per-isolate memory limits. Exceeding either terminates the isolate with <see cref="JsLimitKind.Memory"/>.</summary>
public sealed record JsIsolateOptions
{
    /// <summary>The JS heap's old-generation limit.</summary>
    public long HeapLimitBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>The total size of the isolate's ArrayBuffers (outside the JS heap).</summary>
    public long ArrayBufferLimitBytes { get; init; } = 128L * 1024 * 1024;
}
