namespace Switchyard.ControlPlane.Assets;

/// <summary>What was wrong with a refused token.</summary>
public enum JwtFailure { Malformed, BadSignature, Expired, WrongKind, WrongAccount }

/// <summary>Why a token was refused; <see cref="Exception.Message"/> completes a sentence that starts with the token's name.</summary>
public sealed class JwtException(JwtFailure failure, string reason) : Exception(reason)
{
    public JwtFailure Failure { get; } = failure;
}
