using System.Text.Json;
using Switchyard.Edge.Assets;
using Xunit;

namespace Switchyard.Edge.Tests.Assets;

public sealed class RunWorkerFirstTests
{
    private static readonly AssetManifest Site =
        TestAssets.Manifest("/index.html", "/api/docs/index.html", "/api/spec.json", "/logo.png");

    [Fact]
    public void False_serves_matching_assets_and_sends_misses_to_the_worker()
    {
        var router = TestAssets.Router(Site, TestAssets.Config("""{"run_worker_first":false}"""), hasWorker: true);
        router.Route("/logo.png").AssertServes("/logo.png");
        router.Route("/api/users").AssertKind(AssetOutcomeKind.RunWorker, 0);
    }

    [Fact]
    public void True_sends_every_request_to_the_worker_even_over_redirects()
    {
        var config = TestAssets.Config("""{"run_worker_first":true,"_redirects":"/logo.png /other.png 301"}""");
        var router = TestAssets.Router(Site, config, hasWorker: true);
        router.Route("/logo.png").AssertKind(AssetOutcomeKind.RunWorker, 0);
        router.Route("/").AssertKind(AssetOutcomeKind.RunWorker, 0);
    }

    [Fact]
    public void True_without_a_worker_serves_assets()
    {
        var router = TestAssets.Router(Site, TestAssets.Config("""{"run_worker_first":true}"""));
        router.Route("/logo.png").AssertServes("/logo.png");
    }

    [Fact]
    public void Rules_send_matching_paths_to_the_worker_and_negative_rules_win()
    {
        var config = TestAssets.Config("""{"run_worker_first":["/api/*","!/api/docs/*"]}""");
        var router = TestAssets.Router(Site, config, hasWorker: true);
        router.Route("/api/spec.json").AssertKind(AssetOutcomeKind.RunWorker, 0);
        router.Route("/api/users").AssertKind(AssetOutcomeKind.RunWorker, 0);
        router.Route("/api/docs/").AssertServes("/api/docs/index.html");
        // A negative rule keeps the request with the asset server even when nothing matches.
        router.Route("/api/docs/missing").AssertKind(AssetOutcomeKind.NotFound, 404);
        // No rule: the default (asset, else worker).
        router.Route("/logo.png").AssertServes("/logo.png");
        router.Route("/other").AssertKind(AssetOutcomeKind.RunWorker, 0);
        // "/api/*" does not match "/api" itself.
        router.Route("/api").AssertKind(AssetOutcomeKind.RunWorker, 0);
    }

    [Fact]
    public void Rules_are_literal_apart_from_the_star()
    {
        var config = TestAssets.Config("""{"run_worker_first":["/v1.0/*/items", "/exact"]}""");
        var router = TestAssets.Router(TestAssets.Manifest("/v1x0/a/items", "/v1.0/a/items", "/exact", "/exactly"), config, hasWorker: true);
        router.Route("/v1.0/a/items").AssertKind(AssetOutcomeKind.RunWorker, 0);
        router.Route("/v1.0/a/b/items").AssertKind(AssetOutcomeKind.RunWorker, 0);
        router.Route("/v1x0/a/items").AssertServes("/v1x0/a/items");
        router.Route("/exact").AssertKind(AssetOutcomeKind.RunWorker, 0);
        router.Route("/exactly").AssertServes("/exactly");
    }

    [Theory]
    [InlineData("""[]""", "must provide at least 1 rule")]
    [InlineData("""["api/*"]""", "rules must start with '/' or '!/'")]
    [InlineData("""["/a","!api"]""", "negative rules must start with '!/'")]
    [InlineData("""["!/a"]""", "Only negative `run_worker_first` rules")]
    [InlineData("""["/a","/a"]""", "rule is a duplicate")]
    [InlineData("""["/a/*","/a/b"]""", "'/a/b': rule '/a/*' makes it redundant")]
    [InlineData("""["/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]""", "less than 100 characters")]
    [InlineData("""[1]""", "must be a boolean or an array of strings")]
    [InlineData("\"yes\"", "must be a boolean or an array of strings")]
    public void Invalid_rules_are_errors(string rules, string message)
    {
        var parsed = AssetConfig.Parse(JsonDocument.Parse($$"""{"run_worker_first":{{rules}}}""").RootElement);
        Assert.Contains(parsed.Errors, e => e.Field == "run_worker_first" && e.Message.Contains(message));
        Assert.False(parsed.Config.RunWorkerFirst.Always);
        Assert.Empty(parsed.Config.RunWorkerFirst.Rules);
    }

    [Fact]
    public void At_most_100_rules()
    {
        var rules = string.Join(",", Enumerable.Range(0, 101).Select(i => $"\"/r{i}\""));
        var parsed = AssetConfig.Parse(JsonDocument.Parse($$"""{"run_worker_first":[{{rules}}]}""").RootElement);
        Assert.Contains(parsed.Errors, e => e.Message.Contains("exceeds max of 100"));
    }
}
