using Switchyard.Edge.Assets;
using Xunit;

namespace Switchyard.Edge.Tests.Assets;

/// <summary>not_found_handling with and without a worker, and the navigation-request rule for SPAs.</summary>
public sealed class NotFoundHandlingTests
{
    private static readonly AssetManifest Site =
        TestAssets.Manifest("/index.html", "/404.html", "/blog/404.html", "/blog/post.html", "/app.js");

    private static AssetRouter Router(string handling, bool hasWorker, bool navigationPrefersAssets = true) =>
        TestAssets.Router(Site, new AssetConfig
        {
            NotFoundHandling = TestAssets.Config($$"""{"not_found_handling":"{{handling}}"}""").NotFoundHandling,
            NavigationRequestsPreferAssets = navigationPrefersAssets,
        }, hasWorker);

    private static AssetRequest Navigate(string path) => TestAssets.Get(path) with { SecFetchMode = "navigate" };

    [Fact]
    public void None_answers_an_empty_404_without_a_worker()
    {
        var outcome = Router("none", hasWorker: false).Route("/missing");
        outcome.AssertKind(AssetOutcomeKind.NotFound, 404);
        Assert.Equal(0, outcome.Headers().ContentLength);
    }

    [Fact]
    public void None_hands_misses_to_the_worker_even_for_navigations()
    {
        var router = Router("none", hasWorker: true);
        router.Route("/missing").AssertKind(AssetOutcomeKind.RunWorker, 0);
        router.Route(Navigate("/missing")).AssertKind(AssetOutcomeKind.RunWorker, 0);
        router.Route("/app.js").AssertServes("/app.js");
    }

    [Fact]
    public void Not_found_page_is_the_nearest_ancestor_404_with_status_404()
    {
        var router = Router("404-page", hasWorker: false);
        router.Route("/blog/missing").AssertServes("/blog/404.html", 404);
        router.Route("/blog/deep/er/missing.png").AssertServes("/blog/404.html", 404);
        router.Route("/other/missing").AssertServes("/404.html", 404);
        router.Route("/missing").AssertServes("/404.html", 404);
        router.Route("/blog/post").AssertServes("/blog/post.html");
    }

    [Fact]
    public void Not_found_page_without_any_404_html_is_an_empty_404()
    {
        var router = TestAssets.Router(TestAssets.Manifest("/a.txt"), TestAssets.Config("""{"not_found_handling":"404-page"}"""));
        router.Route("/missing").AssertKind(AssetOutcomeKind.NotFound, 404);
    }

    [Fact]
    public void Not_found_page_with_a_worker_is_for_navigations_only()
    {
        var router = Router("404-page", hasWorker: true);
        router.Route("/blog/missing").AssertKind(AssetOutcomeKind.RunWorker, 0);
        router.Route(Navigate("/blog/missing")).AssertServes("/blog/404.html", 404);
    }

    [Fact]
    public void Single_page_application_serves_index_html_for_every_miss_without_a_worker()
    {
        var router = Router("single-page-application", hasWorker: false);
        router.Route("/some/client/route").AssertServes("/index.html");
        router.Route(Navigate("/some/client/route")).AssertServes("/index.html");
        router.Route("/missing.js").AssertServes("/index.html");
        router.Route("/app.js").AssertServes("/app.js");
    }

    [Fact]
    public void Single_page_application_with_a_worker_serves_index_html_to_navigations_and_sends_the_rest_to_the_worker()
    {
        var router = Router("single-page-application", hasWorker: true);
        router.Route(Navigate("/some/client/route")).AssertServes("/index.html");
        router.Route("/api/users").AssertKind(AssetOutcomeKind.RunWorker, 0);
        router.Route(TestAssets.Get("/api/users") with { SecFetchMode = "cors" }).AssertKind(AssetOutcomeKind.RunWorker, 0);
        router.Route(Navigate("/app.js")).AssertServes("/app.js");
    }

    [Fact]
    public void Before_the_navigation_compatibility_date_misses_always_go_to_the_worker()
    {
        var router = Router("single-page-application", hasWorker: true, navigationPrefersAssets: false);
        router.Route(Navigate("/some/client/route")).AssertKind(AssetOutcomeKind.RunWorker, 0);
    }

    [Theory]
    [InlineData("2025-03-31", new string[0], false)]
    [InlineData("2025-04-01", new string[0], true)]
    [InlineData("2024-01-01", new[] { "assets_navigation_prefers_asset_serving" }, true)]
    [InlineData("2026-01-01", new[] { "assets_navigation_has_no_effect" }, false)]
    [InlineData(null, new string[0], false)]
    public void Navigation_preference_follows_compatibility_date_and_flags(string? date, string[] flags, bool expected) =>
        Assert.Equal(expected, AssetConfig.NavigationPrefersAssetServing(date, flags));

    [Fact]
    public void Single_page_application_without_index_html_falls_through()
    {
        var config = TestAssets.Config("""{"not_found_handling":"single-page-application"}""");
        TestAssets.Router(TestAssets.Manifest("/a.txt"), config).Route("/x").AssertKind(AssetOutcomeKind.NotFound, 404);
        TestAssets.Router(TestAssets.Manifest("/a.txt"), config, hasWorker: true)
            .Route(Navigate("/x")).AssertKind(AssetOutcomeKind.RunWorker, 0);
    }

    [Fact]
    public void The_assets_binding_never_hands_back_to_the_worker()
    {
        var router = Router("single-page-application", hasWorker: true);
        router.RouteAssetsBinding(TestAssets.Get("/api/users")).AssertServes("/index.html");
        Router("none", hasWorker: true).RouteAssetsBinding(TestAssets.Get("/api/users")).AssertKind(AssetOutcomeKind.NotFound, 404);
        var rules = TestAssets.Router(Site, TestAssets.Config("""{"run_worker_first":true}"""), hasWorker: true);
        rules.RouteAssetsBinding(TestAssets.Get("/app.js")).AssertServes("/app.js");
    }
}
