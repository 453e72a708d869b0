namespace Switchyard.Runtime.Invocation;

/// <summary>
/// What a worker (or the assets binding) answered. <see cref="Body"/> is read to the end by whoever writes the
/// response to the wire, and disposed by them; null means no body.
/// </summary>
public sealed record WorkerResponse(
    int Status,
    string StatusText,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    Stream? Body);
