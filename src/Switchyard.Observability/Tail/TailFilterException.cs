namespace Switchyard.Observability.Tail;

/// <summary>A tail's filter list that cannot be used; the message says which filter and why (the API answers 400).</summary>
public sealed class TailFilterException(string message) : Exception(message);
