namespace Switchyard.Storage.Kv;

/// <summary>
/// A KV operation refused: what kind of refusal (<see cref="Kind"/>, which each caller turns into its own status, as the
/// REST API does in its error envelope) and Cloudflare's KV error code, which both callers show (the worker binding
/// in its error text). Every kind of refusal is defined in <see cref="KvErrors"/>.
/// </summary>
public sealed class KvException(KvRefusal kind, int code, string message) : Exception(message)
{
    public KvRefusal Kind { get; } = kind;
    public int Code { get; } = code;
}

/// <summary>Why a KV operation was refused.</summary>
public enum KvRefusal
{
    /// <summary>The input breaks a rule (a key, a value, an expiration, a limit, a request's shape).</summary>
    Invalid,
    /// <summary>The namespace or key does not exist (for this account).</summary>
    NotFound,
    /// <summary>A value, metadata or request body is larger than allowed.</summary>
    TooLarge,
    /// <summary>A key is longer than allowed.</summary>
    KeyTooLong,
}
