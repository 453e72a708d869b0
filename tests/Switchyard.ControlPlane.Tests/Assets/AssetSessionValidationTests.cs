using System.Net;
using System.Text;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Assets;

/// <summary>Every malformed upload-session request is refused precisely and creates no session.</summary>
public sealed class AssetSessionValidationTests(TestServer server) : IClassFixture<TestServer>
{
    private const string Hash = "0123456789abcdef0123456789abcdef";

    private async Task<string> RefusedAsync(string body, int code = 10021)
    {
        var before = AssetFlow.Counts(server);
        var response = await server.Api.SendApiAsync(HttpMethod.Post, AssetFlow.SessionPath(server.AccountPath),
            new StringContent(body, Encoding.UTF8, "application/json"));
        var message = response.AssertError(HttpStatusCode.BadRequest, code);
        Assert.Equal(before, AssetFlow.Counts(server));
        return message;
    }

    private static string One(string path, string entry) =>
        "{\"manifest\":{" + System.Text.Json.JsonSerializer.Serialize(path) + ":" + entry + "}}";

    [Theory]
    [InlineData("/../x", "'..' segment")]
    [InlineData("/a/../b.html", "'..' segment")]
    [InlineData("/./a", "'.' segment")]
    [InlineData("//a", "empty segment")]
    [InlineData("/a//b", "empty segment")]
    [InlineData("a", "start with '/'")]
    [InlineData("", "start with '/'")]
    [InlineData("/dir/", "directory")]
    [InlineData("/", "directory")]
    [InlineData("/a\\b", "backslash")]
    [InlineData("/a\0b", "NUL")]
    public async Task Unsafe_paths_are_refused(string path, string problem)
    {
        var message = await RefusedAsync(One(path, $$"""{"hash":"{{Hash}}","size":1}"""));
        Assert.Contains(problem, message);
    }

    [Theory]
    [InlineData("""{"hash":"0123456789ABCDEF0123456789ABCDEF","size":1}""", "hash")]
    [InlineData("""{"hash":"0123456789abcdef","size":1}""", "hash")]
    [InlineData("""{"hash":"g123456789abcdef0123456789abcdef","size":1}""", "hash")]
    [InlineData("""{"hash":12345,"size":1}""", "hash")]
    [InlineData("""{"size":1}""", "hash")]
    [InlineData("""{"hash":"0123456789abcdef0123456789abcdef","size":-1}""", "size")]
    [InlineData("""{"hash":"0123456789abcdef0123456789abcdef","size":1.5}""", "size")]
    [InlineData("""{"hash":"0123456789abcdef0123456789abcdef","size":"1"}""", "size")]
    [InlineData("""{"hash":"0123456789abcdef0123456789abcdef"}""", "size")]
    [InlineData("""{"hash":"0123456789abcdef0123456789abcdef","size":26214400}""", "smaller than 26214400")]
    [InlineData("\"0123456789abcdef0123456789abcdef\"", "must be an object")]
    public async Task Bad_entries_are_refused(string entry, string problem)
    {
        var message = await RefusedAsync(One("/file.txt", entry));
        Assert.Contains(problem, message);
    }

    [Fact]
    public async Task A_file_just_under_25_MiB_is_accepted()
    {
        var response = await server.Api.SendJsonAsync(HttpMethod.Post, AssetFlow.SessionPath(server.AccountPath),
            One("/big.bin", $$"""{"hash":"{{Hash}}","size":26214399}"""));
        Assert.Equal([[Hash]], response.AssertOk()!["buckets"]!.AsArray().Select(b => b!.AsArray().Select(h => (string)h!).ToList()));
    }

    [Theory]
    [InlineData("{}", "\"manifest\"")]
    [InlineData("[]", "\"manifest\"")]
    [InlineData("""{"manifest":[]}""", "must be an object")]
    [InlineData("""{"manifest":null}""", "must be an object")]
    public async Task Bodies_without_a_manifest_object_are_refused(string body, string problem)
    {
        Assert.Contains(problem, await RefusedAsync(body));
    }

    [Theory]
    [InlineData("""{"manifest":""")]
    [InlineData("manifest")]
    [InlineData("")]
    public async Task Malformed_json_is_refused_with_10026(string body)
    {
        await RefusedAsync(body, 10026);
    }

    [Fact]
    public async Task One_hash_with_two_sizes_is_refused()
    {
        var body = "{\"manifest\":{" + $$"""
            "/a.txt":{"hash":"{{Hash}}","size":1},"/b.txt":{"hash":"{{Hash}}","size":2}
            """ + "}}";
        Assert.Contains("two sizes", await RefusedAsync(body));
    }

    [Fact]
    public async Task More_than_20000_files_are_refused()
    {
        var entries = Enumerable.Range(0, 20_001).Select(i => $"\"/f/{i}.txt\":{{\"hash\":\"{i:x32}\",\"size\":1}}");
        var message = await RefusedAsync("{\"manifest\":{" + string.Join(",", entries) + "}}");
        Assert.Contains("more than 20000 files", message);
    }

    [Fact]
    public async Task Exactly_20000_files_are_accepted()
    {
        var entries = Enumerable.Range(0, 20_000).Select(i => $"\"/f/{i}.txt\":{{\"hash\":\"{i:x32}\",\"size\":1}}");
        var response = await server.Api.SendApiAsync(HttpMethod.Post, AssetFlow.SessionPath(server.AccountPath),
            new StringContent("{\"manifest\":{" + string.Join(",", entries) + "}}", Encoding.UTF8, "application/json"));
        Assert.Equal(20_000, response.AssertOk()!["buckets"]!.AsArray().Sum(b => b!.AsArray().Count));
    }

    [Fact]
    public async Task Sessions_need_an_api_token()
    {
        using var anonymous = server.CreateApiClient(null);
        var response = await anonymous.SendJsonAsync(HttpMethod.Post, AssetFlow.SessionPath(server.AccountPath),
            One("/a.txt", $$"""{"hash":"{{Hash}}","size":1}"""));
        response.AssertError(HttpStatusCode.BadRequest, 9106);
    }
}
