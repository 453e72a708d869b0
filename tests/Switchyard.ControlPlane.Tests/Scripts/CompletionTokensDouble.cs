using System.Collections.Concurrent;
using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Assets;
using Switchyard.Storage.Assets;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>
/// Test double of the asset-upload side of <see cref="IAssetCompletionTokens"/> (implemented by the asset uploads part):
/// it hands out completion tokens for manifests whose files the test has put in the blob store, for one account.
/// </summary>
public sealed class CompletionTokensDouble : IAssetCompletionTokens
{
    private readonly ConcurrentDictionary<string, (string Account, IReadOnlyDictionary<string, StoredAsset> Manifest)> _issued = new();

    public string Issue(string accountId, IReadOnlyDictionary<string, StoredAsset> manifest)
    {
        var jwt = $"eyJhbGciOiJIUzI1NiJ9.{Guid.NewGuid():N}.sig";
        _issued[jwt] = (accountId, manifest);
        return jwt;
    }

    public Task<IReadOnlyDictionary<string, StoredAsset>> RedeemAsync(string accountId, string? dispatchNamespace, string scriptName, string jwt,
        CancellationToken ct = default) =>
        _issued.TryGetValue(jwt, out var issued) && issued.Account == accountId
            ? Task.FromResult(issued.Manifest)
            : throw ApiException.BadRequest(10021, "Invalid or expired asset completion token");
}

/// <summary>A real server whose asset completion tokens come from <see cref="CompletionTokensDouble"/>.</summary>
public sealed class AssetsServer : IAsyncLifetime
{
    public CompletionTokensDouble Tokens { get; } = new();
    public TestServer Server { get; }

    public AssetsServer() => Server = new TestServer
    {
        ConfigureApi = services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IAssetCompletionTokens>(services, Tokens),
    };

    public Task InitializeAsync() => Server.InitializeAsync();
    public Task DisposeAsync() => Server.DisposeAsync();

    /// <summary>Stores files as uploaded assets and returns a completion token for their manifest.</summary>
    public async Task<(string Jwt, Dictionary<string, StoredAsset> Manifest)> UploadAsync(params (string Path, string Body, string? ContentType)[] files)
    {
        var manifest = new Dictionary<string, StoredAsset>();
        foreach (var (path, body, contentType) in files)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            var key = await Server.Server.Storage.Blobs.PutAsync(bytes);
            manifest[path] = new StoredAsset(key[..32], key, bytes.Length, contentType);
        }
        return (Tokens.Issue(TestServer.AccountId, manifest), manifest);
    }
}
