namespace Switchyard.Storage;

/// <summary>
/// A write would give a unique name (namespace, subdomain, zone, route pattern) a second owner. Stores throw it
/// instead of a database-specific constraint error, so callers can answer a precise conflict.
/// </summary>
public sealed class NameConflictException(string message) : Exception(message);
