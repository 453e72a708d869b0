using Switchyard.Edge.Assets;
using Switchyard.Storage.Scripts;

namespace Switchyard.Edge.Pipeline;

/// <summary>A deployed version ready to serve: its content and the asset router compiled from its manifest and config.</summary>
public sealed record LoadedVersion(DeployedVersion Deployed, AssetRouter Assets)
{
    public VersionContent Content => Deployed.Version.Content;

    /// <summary>Whether the version has code to run (false: an assets-only deployment).</summary>
    public bool HasWorker => Content.MainModule is not null;

    public static LoadedVersion Compile(DeployedVersion deployed)
    {
        var content = deployed.Version.Content;
        var config = AssetConfig.From(content.Assets?.Config ?? AssetsConfig.Default,
            AssetConfig.NavigationPrefersAssetServing(content.CompatibilityDate, content.CompatibilityFlags));
        var router = new AssetRouter(new AssetManifest(deployed.Assets), config, hasWorker: content.MainModule is not null);
        return new LoadedVersion(deployed, router);
    }
}
