namespace Switchyard.Storage.Kv;

/// <summary>
/// A KV operation refused. It carries the HTTP status and Cloudflare error code because both callers surface them:
/// the REST API as its error envelope, the worker binding in its error text (<c>KV PUT failed: 400 …</c>).
/// Every kind of refusal is defined in <see cref="KvErrors"/>.
/// </summary>
public sealed class KvException(int status, int code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public int Code { get; } = code;
}
