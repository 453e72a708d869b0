using Switchyard.Edge.Assets;
using Xunit;

namespace Switchyard.Edge.Tests.Assets;

public sealed class UrlPathTests
{
    [Theory]
    [InlineData("/plain/path.txt", "/plain/path.txt")]
    [InlineData("", "/")]
    [InlineData("/a b", "/a%20b")]
    [InlineData("/é", "/%C3%A9")]
    [InlineData("/😀", "/%F0%9F%98%80")]
    [InlineData("/a/./b/../c", "/a/c")]
    [InlineData("/a/..", "/")]
    [InlineData("/a/.", "/a/")]
    [InlineData("/../..", "/")]
    [InlineData("/a/%2E%2e/b", "/b")]
    [InlineData("/a\\b", "/a/b")]
    [InlineData("/a//b", "/a//b")]
    [InlineData("/%zz/[x]", "/%zz/[x]")]
    [InlineData("/\"<>`{}", "/%22%3C%3E%60%7B%7D")]
    public void Normalize_path_behaves_like_a_url_parser(string raw, string expected) =>
        Assert.Equal(expected, UrlPath.NormalizePath(raw));

    [Theory]
    [InlineData("/a%20b/%C3%A9", "/a b/é")]
    [InlineData("/a%2Fb", "/a/b")]
    [InlineData("//a///b", "/a/b")]
    [InlineData("/ok%41/bad%E9", "/okA/bad%E9")]
    [InlineData("/bad%/ok%42", "/bad%/okB")]
    public void Decode_decodes_each_valid_segment_and_collapses_slashes(string path, string expected) =>
        Assert.Equal(expected, UrlPath.Decode(path));

    [Theory]
    [InlineData("/a b/é", "/a%20b/%C3%A9")]
    [InlineData("/[x]@+,;=:$&", "/%5Bx%5D%40%2B%2C%3B%3D%3A%24%26")]
    [InlineData("/keep-_.!~*'()", "/keep-_.!~*'()")]
    [InlineData("/100%", "/100%25")]
    public void Encode_matches_encode_uri_component_per_segment(string path, string expected) =>
        Assert.Equal(expected, UrlPath.Encode(path));

    [Fact]
    public void Unchanged_paths_are_returned_without_copying()
    {
        const string path = "/assets/app-3f2a.js";
        Assert.Same(path, UrlPath.NormalizePath(path));
        Assert.Same(path, UrlPath.Decode(path));
        Assert.Same(path, UrlPath.Encode(path));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("?", "")]
    [InlineData("?a=1", "?a=1")]
    [InlineData("?q=a b'é", "?q=a%20b%27%C3%A9")]
    public void Normalize_query(string? raw, string expected) => Assert.Equal(expected, UrlPath.NormalizeQuery(raw));
}
