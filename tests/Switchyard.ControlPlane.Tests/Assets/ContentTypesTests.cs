using Switchyard.Storage.Assets;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Assets;

public sealed class ContentTypesTests
{
    [Theory]
    [InlineData("/index.html", "text/html; charset=utf-8")]
    [InlineData("/A/PAGE.HTM", "text/html; charset=utf-8")]
    [InlineData("/app.mjs", "text/javascript; charset=utf-8")]
    [InlineData("/app.js.map", "application/json")]
    [InlineData("/logo.svg", "image/svg+xml")]
    [InlineData("/photo.jpeg", "image/jpeg")]
    [InlineData("/font.woff2", "font/woff2")]
    [InlineData("/module.wasm", "application/wasm")]
    [InlineData("/archive.tar.gz", "application/gzip")]
    [InlineData("/data.csv", "text/csv; charset=utf-8")]
    [InlineData("/LICENSE", null)]
    [InlineData("/.hidden", null)]
    [InlineData("/file.", null)]
    [InlineData("/dir.css/file", null)]
    [InlineData("/blob.unknownext", null)]
    public void From_path(string path, string? expected) => Assert.Equal(expected, ContentTypes.FromPath(path));

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("application/null", null)]
    [InlineData("text/plain", "text/plain; charset=utf-8")]
    [InlineData("text/html; charset=iso-8859-1", "text/html; charset=iso-8859-1")]
    [InlineData("image/png", "image/png")]
    public void Normalize(string? declared, string? expected) => Assert.Equal(expected, ContentTypes.Normalize(declared));

    [Fact]
    public void Declared_type_wins_over_the_path_and_unknown_falls_back_to_it()
    {
        Assert.Equal("image/webp", ContentTypes.Resolve("image/webp", "/x.png"));
        Assert.Equal("image/png", ContentTypes.Resolve("application/null", "/x.png"));
        Assert.Equal("image/png", ContentTypes.Resolve(null, "/x.png"));
    }
}
