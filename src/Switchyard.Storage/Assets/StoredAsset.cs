namespace Switchyard.Storage.Assets;

/// <summary>
/// One file of a deployed asset manifest: the client's hash (32 hex, scoped to the account that uploaded it),
/// the blob holding its bytes, its size and the content type it was uploaded with (null: infer from the path).
/// A worker version keeps a map of <c>/path</c> to <see cref="StoredAsset"/>.
/// </summary>
public sealed record StoredAsset(string Hash, string BlobKey, long Size, string? ContentType);
