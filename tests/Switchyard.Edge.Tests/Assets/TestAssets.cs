using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Switchyard.Edge.Assets;
using Switchyard.Storage.Assets;
using Xunit;

namespace Switchyard.Edge.Tests.Assets;

/// <summary>Builds manifests, routers and requests for the asset routing tests, and asserts on outcomes.</summary>
internal static class TestAssets
{
    /// <summary>A manifest whose files' content is their own path (so each has a distinct hash).</summary>
    public static AssetManifest Manifest(params string[] paths) =>
        Manifest(paths.Select(p => (p, p)).ToArray());

    public static AssetManifest Manifest(params (string Path, string Content)[] files) =>
        new(files.ToDictionary(f => f.Path, f => Stored(f.Content)));

    public static StoredAsset Stored(string content, string? contentType = null)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var key = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return new StoredAsset(key[..32], key, bytes.Length, contentType);
    }

    public static AssetRouter Router(AssetManifest manifest, AssetConfig? config = null, bool hasWorker = false) =>
        new(manifest, config ?? AssetConfig.Default, hasWorker);

    public static AssetConfig Config(string json)
    {
        var parsed = AssetConfig.Parse(JsonDocument.Parse(json).RootElement);
        Assert.Empty(parsed.Errors);
        return parsed.Config;
    }

    /// <summary>A GET for a target such as "/a/b?x=1".</summary>
    public static AssetRequest Get(string target, string method = "GET")
    {
        var question = target.IndexOf('?');
        return question < 0
            ? new AssetRequest(method, target)
            : new AssetRequest(method, target[..question], target[question..]);
    }

    public static AssetOutcome Route(this AssetRouter router, string target, string method = "GET") =>
        router.Route(Get(target, method));

    public static void AssertServes(this AssetOutcome outcome, string path, int status = 200)
    {
        Assert.True(outcome.Kind == AssetOutcomeKind.Asset, $"expected {status} {path}, got {outcome}");
        Assert.Equal(path, outcome.Asset!.Path);
        Assert.Equal(status, outcome.StatusCode);
    }

    public static void AssertRedirects(this AssetOutcome outcome, string location, int status = 307)
    {
        Assert.True(outcome.Kind == AssetOutcomeKind.Redirect, $"expected {status} -> {location}, got {outcome}");
        Assert.Equal(location, outcome.Location);
        Assert.Equal(status, outcome.StatusCode);
    }

    public static void AssertKind(this AssetOutcome outcome, AssetOutcomeKind kind, int status)
    {
        Assert.True(outcome.Kind == kind, $"expected {kind}, got {outcome}");
        Assert.Equal(status, outcome.StatusCode);
    }

    /// <summary>The response headers the writer would send for an outcome.</summary>
    public static IHeaderDictionary Headers(this AssetOutcome outcome)
    {
        var headers = new HeaderDictionary();
        AssetResponseWriter.ApplyHeaders(outcome, headers);
        return headers;
    }
}
