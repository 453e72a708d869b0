namespace Switchyard.Runtime.Invocation;

/// <summary>
/// An HTTP request as a worker receives it: absolute URL, method, headers in order (duplicates kept) and a body
/// that is streamed, never buffered whole, or null when there is none.
/// </summary>
public sealed record WorkerRequest(
    string Method,
    string Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    Stream? Body);
