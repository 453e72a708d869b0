using System.Collections.Frozen;

namespace Switchyard.ControlPlane.OperatorConsole;

/// <summary>
/// The operator console's files, built by OperatorConsole/app/build.sh (npm + esbuild) at build time and embedded in this
/// assembly under <c>Switchyard.ControlPlane.OperatorConsole/&lt;file&gt;</c>, so the server needs no files on disk and nothing
/// comes from a CDN.
/// </summary>
public static class ConsoleAssets
{
    public const string IndexName = "index.html";
    private const string ResourcePrefix = "Switchyard.ControlPlane.OperatorConsole/";

    private static readonly Lazy<FrozenDictionary<string, ConsoleAsset>> All = new(Load);

    /// <summary>The file of that name (no directories: the bundle is flat), or null.</summary>
    public static ConsoleAsset? Find(string name) => All.Value.GetValueOrDefault(name);

    private static FrozenDictionary<string, ConsoleAsset> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal)) continue;
            var name = resource[ResourcePrefix.Length..];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            assets[name] = new ConsoleAsset(name, copy.ToArray(), ContentType(name));
        }
        if (!assets.ContainsKey(IndexName))
            throw new InvalidOperationException($"The console bundle is missing from {assembly.GetName().Name}: the build's BuildConsoleBundle step did not run.");
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}
