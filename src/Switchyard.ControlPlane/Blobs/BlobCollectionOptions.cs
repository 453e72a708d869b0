using Switchyard.ControlPlane.Assets;

namespace Switchyard.ControlPlane.Blobs;

/// <summary>How often unreferenced blobs are collected, and how old they must be.</summary>
public sealed record BlobCollectionOptions
{
    /// <summary>Time between collections (the first runs one interval after start).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Blobs written or re-put more recently are kept even when unreferenced: they may belong to an upload or deploy
    /// in flight. It must outlive an asset upload session (<see cref="AssetTokens.Lifetime"/>).
    /// </summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromHours(2);

    public void Validate()
    {
        if (Interval <= TimeSpan.Zero)
            throw new ArgumentException($"The blob collection interval must be positive; got {Interval}");
        if (GracePeriod < AssetTokens.Lifetime)
            throw new ArgumentException($"The blob grace period ({GracePeriod}) must be at least the asset upload session lifetime ({AssetTokens.Lifetime})");
    }
}
