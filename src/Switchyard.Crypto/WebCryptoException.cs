namespace Switchyard.Crypto;

/// <summary>
/// A cryptographic operation failed on its inputs (bad key data, wrong lengths, failed authentication, unknown
/// algorithm, a parameter beyond Workers' caps). The message is precise and safe to show to worker code.
/// </summary>
/// <remarks>
/// Most failures have no name of their own: the runtime rejects with the operation's default DOMException
/// (<c>OperationError</c>; from <c>importKey</c>: <c>DataError</c>) and a message carrying <see cref="Description"/>.
/// A failure Workers reports under a precise name (PBKDF2's iteration cap is a <c>NotSupportedError</c>) is made with
/// <see cref="Named"/>: its <see cref="Exception.Message"/> is then <c>"&lt;Name&gt;: &lt;Description&gt;"</c>, what
/// the DOMException prints as, and the only form that crosses the host boundary (the engine passes a host function's
/// failure on as its message alone). The runtime's <c>subtle.js</c> turns that prefix back into the DOMException's
/// name and keeps <see cref="Description"/> as its message, word for word (HOST_INTERFACE.md, "Cryptography").
/// </remarks>
public sealed class WebCryptoException : Exception
{
    /// <summary>The DOMException names a host crypto failure may carry (the runtime maps exactly these).</summary>
    public static readonly IReadOnlyList<string> Names =
        ["OperationError", "NotSupportedError", "DataError", "InvalidAccessError", "QuotaExceededError"];

    public WebCryptoException(string message) : base(message) => Description = message;

    public WebCryptoException(string message, Exception inner) : base(message, inner) => Description = message;

    private WebCryptoException(string name, string description, Exception? inner) : base($"{name}: {description}", inner)
    {
        Name = name;
        Description = description;
    }

    /// <summary>The DOMException name worker code sees, or null for the operation's default.</summary>
    public string? Name { get; }

    /// <summary>The message without the name: what the DOMException's <c>message</c> is (or, unnamed, carries).</summary>
    public string Description { get; }

    /// <summary>A failure that reaches worker code as DOMException <paramref name="name"/> with exactly <paramref name="description"/>.</summary>
    public static WebCryptoException Named(string name, string description, Exception? inner = null) =>
        Names.Contains(name) ? new(name, description, inner) : throw new ArgumentOutOfRangeException(nameof(name), name, "Not a DOMException name the runtime maps.");

    /// <summary>An <c>OperationError</c> with exactly this message (no generic prefix added by the runtime).</summary>
    public static WebCryptoException Operation(string description) => Named("OperationError", description);

    /// <summary>A <c>NotSupportedError</c> with exactly this message.</summary>
    public static WebCryptoException NotSupported(string description) => Named("NotSupportedError", description);
}
