using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Assets;
using Switchyard.Storage.Assets;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Assets;

public sealed class UploadManifestTests
{
    private const string H1 = "0123456789abcdef0123456789abcdef", H2 = "fedcba9876543210fedcba9876543210";

    /// <summary>Parses <paramref name="json"/> with the placeholders H1 and H2 replaced by real hashes.</summary>
    private static IReadOnlyDictionary<string, ManifestEntry> Parse(string json, AssetUploadOptions? limits = null) =>
        UploadManifest.Parse(System.Text.Encoding.UTF8.GetBytes(json.Replace("\"H1\"", $"\"{H1}\"").Replace("\"H2\"", $"\"{H2}\"")),
            limits ?? new AssetUploadOptions());

    [Fact]
    public void Parses_into_ordinal_path_order_and_ignores_unknown_fields()
    {
        var manifest = Parse("""{"manifest":{"/b.css":{"hash":"H2","size":2,"extra":true},"/A.html":{"hash":"H1","size":0}},"other":1}""");
        Assert.Equal(["/A.html", "/b.css"], manifest.Keys);
        Assert.Equal(new ManifestEntry(H2, 2), manifest["/b.css"]);
    }

    [Theory]
    [InlineData("/index.html")]
    [InlineData("/a/b/c.d.e")]
    [InlineData("/..hidden/.well-known/x")]
    [InlineData("/with space/ünïcode.txt")]
    [InlineData("/noext")]
    public void Accepts_normal_paths(string path) => Assert.Null(UploadManifest.PathProblem(path));

    [Theory]
    [InlineData("")]
    [InlineData("index.html")]
    [InlineData("/")]
    [InlineData("/a/")]
    [InlineData("//a")]
    [InlineData("/a//b")]
    [InlineData("/./a")]
    [InlineData("/a/.")]
    [InlineData("/../x")]
    [InlineData("/a/../b")]
    [InlineData("/a\\b")]
    [InlineData("/a\0")]
    public void Refuses_unsafe_paths(string path) => Assert.NotNull(UploadManifest.PathProblem(path));

    [Fact]
    public void File_count_limit_is_configurable()
    {
        var json = """{"manifest":{"/a":{"hash":"H1","size":1},"/b":{"hash":"H2","size":1},"/c":{"hash":"H2","size":1}}}""";
        Assert.Equal(3, Parse(json, new AssetUploadOptions { MaxFiles = 3 }).Count);
        var e = Assert.Throws<ApiException>(() => Parse(json, new AssetUploadOptions { MaxFiles = 2 }));
        Assert.Equal((400, 10021), (e.Status, e.Code));
        Assert.Contains("more than 2 files", e.Message);
    }

    [Fact]
    public void Size_limit_is_exclusive()
    {
        var limits = new AssetUploadOptions { MaxFileSize = 100 };
        Assert.Single(Parse("""{"manifest":{"/a":{"hash":"H1","size":99}}}""", limits));
        Assert.Throws<ApiException>(() => Parse("""{"manifest":{"/a":{"hash":"H1","size":100}}}""", limits));
    }

    [Fact]
    public void Duplicate_paths_are_refused()
    {
        var e = Assert.Throws<ApiException>(() => Parse("""{"manifest":{"/a":{"hash":"H1","size":1},"/a":{"hash":"H1","size":1}}}"""));
        Assert.Contains("twice", e.Message);
    }

    [Fact]
    public void Digest_depends_on_every_path_hash_and_size_but_not_on_order()
    {
        var a = new Dictionary<string, ManifestEntry> { ["/a"] = new(H1, 1), ["/b"] = new(H2, 2) };
        var reordered = new Dictionary<string, ManifestEntry> { ["/b"] = new(H2, 2), ["/a"] = new(H1, 1) };
        Assert.Equal(UploadManifest.Digest(a), UploadManifest.Digest(reordered));
        Assert.NotEqual(UploadManifest.Digest(a), UploadManifest.Digest(new Dictionary<string, ManifestEntry> { ["/a"] = new(H1, 1), ["/b"] = new(H2, 3) }));
        Assert.NotEqual(UploadManifest.Digest(a), UploadManifest.Digest(new Dictionary<string, ManifestEntry> { ["/a"] = new(H1, 1), ["/c"] = new(H2, 2) }));
        Assert.NotEqual(UploadManifest.Digest(a), UploadManifest.Digest(new Dictionary<string, ManifestEntry> { ["/a"] = new(H2, 1), ["/b"] = new(H2, 2) }));
    }
}
