namespace Switchyard.Crypto;

/// <summary>
/// A cryptographic operation failed on its inputs (bad key data, wrong lengths, failed authentication, unknown
/// algorithm). The message is precise and safe to show to worker code: the runtime rejects with an
/// <c>OperationError</c> (from <c>importKey</c>: <c>DataError</c>) carrying it.
/// </summary>
public sealed class WebCryptoException : Exception
{
    public WebCryptoException(string message) : base(message) { }

    public WebCryptoException(string message, Exception inner) : base(message, inner) { }
}
