namespace Switchyard.Observability.Tracing;

/// <summary>
/// The script an invocation ran, as tails address it: an account-level script (<see cref="Namespace"/> null) or a script
/// of a dispatch namespace. Two scripts of one name in different namespaces are different targets.
/// </summary>
public readonly record struct TraceTarget(string AccountId, string? Namespace, string Script);
