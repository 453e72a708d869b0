namespace Switchyard.Storage.Assets;

/// <summary>One file a client announces in an asset manifest: its hash (32 lower-case hex) and byte size.</summary>
public sealed record ManifestEntry(string Hash, long Size);
