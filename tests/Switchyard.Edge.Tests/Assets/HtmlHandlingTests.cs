using Switchyard.Edge.Assets;
using Xunit;

namespace Switchyard.Edge.Tests.Assets;

/// <summary>
/// Every spelling of a page's URL under each html_handling mode, for the tree file.html + folder/index.html
/// (platform-facts "html_handling" table). "serve X" is a 200 with file X; "-> Y" a 307 to Y; "miss" means no file
/// matched, so not_found_handling (here: none, assets only) answers 404.
/// </summary>
public sealed class HtmlHandlingTests
{
    private static readonly AssetManifest Tree = TestAssets.Manifest("/file.html", "/folder/index.html");

    public static TheoryData<string, string, string> Table => new()
    {
        { "auto-trailing-slash", "/file", "serve /file.html" },
        { "auto-trailing-slash", "/file.html", "-> /file" },
        { "auto-trailing-slash", "/file/", "-> /file" },
        { "auto-trailing-slash", "/file/index", "-> /file" },
        { "auto-trailing-slash", "/file/index.html", "-> /file" },
        { "auto-trailing-slash", "/folder", "-> /folder/" },
        { "auto-trailing-slash", "/folder/", "serve /folder/index.html" },
        { "auto-trailing-slash", "/folder/index", "-> /folder/" },
        { "auto-trailing-slash", "/folder/index.html", "-> /folder/" },

        { "force-trailing-slash", "/file", "-> /file/" },
        { "force-trailing-slash", "/file.html", "-> /file/" },
        { "force-trailing-slash", "/file/", "serve /file.html" },
        { "force-trailing-slash", "/file/index", "-> /file/" },
        { "force-trailing-slash", "/file/index.html", "-> /file/" },
        { "force-trailing-slash", "/folder", "-> /folder/" },
        { "force-trailing-slash", "/folder/", "serve /folder/index.html" },
        { "force-trailing-slash", "/folder/index", "-> /folder/" },
        { "force-trailing-slash", "/folder/index.html", "-> /folder/" },

        { "drop-trailing-slash", "/file", "serve /file.html" },
        { "drop-trailing-slash", "/file.html", "-> /file" },
        { "drop-trailing-slash", "/file/", "-> /file" },
        { "drop-trailing-slash", "/file/index", "-> /file" },
        { "drop-trailing-slash", "/file/index.html", "-> /file" },
        { "drop-trailing-slash", "/folder", "serve /folder/index.html" },
        { "drop-trailing-slash", "/folder/", "-> /folder" },
        { "drop-trailing-slash", "/folder/index", "-> /folder" },
        { "drop-trailing-slash", "/folder/index.html", "-> /folder" },

        { "none", "/file", "miss" },
        { "none", "/file.html", "serve /file.html" },
        { "none", "/file/", "miss" },
        { "none", "/file/index", "miss" },
        { "none", "/file/index.html", "miss" },
        { "none", "/folder", "miss" },
        { "none", "/folder/", "miss" },
        { "none", "/folder/index", "miss" },
        { "none", "/folder/index.html", "serve /folder/index.html" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_spelling_is_served_redirected_or_missed(string mode, string path, string expected)
    {
        var router = TestAssets.Router(Tree, TestAssets.Config($$"""{"html_handling":"{{mode}}"}"""));
        var outcome = router.Route(path);
        if (expected == "miss") outcome.AssertKind(AssetOutcomeKind.NotFound, 404);
        else if (expected.StartsWith("serve ")) outcome.AssertServes(expected["serve ".Length..]);
        else outcome.AssertRedirects(expected["-> ".Length..]);
    }

    /// <summary>The rows of <see cref="Table"/> whose outcome satisfies <paramref name="keep"/>.</summary>
    private static TheoryData<string, string, string> Rows(Func<string, bool> keep)
    {
        var rows = new TheoryData<string, string, string>();
        foreach (object[] row in Table)
            if (keep((string)row[2])) rows.Add((string)row[0], (string)row[1], (string)row[2]);
        return rows;
    }

    public static TheoryData<string, string, string> Redirects => Rows(expected => expected.StartsWith("-> "));

    public static TheoryData<string, string, string> Misses => Rows(expected => expected == "miss");

    [Theory]
    [MemberData(nameof(Redirects))]
    public void Redirects_keep_the_query_string(string mode, string path, string expected)
    {
        var router = TestAssets.Router(Tree, TestAssets.Config($$"""{"html_handling":"{{mode}}"}"""));
        router.Route(path + "?a=1&b=%20x").AssertRedirects(expected["-> ".Length..] + "?a=1&b=%20x");
    }

    [Theory]
    [MemberData(nameof(Misses))]
    public void Misses_go_to_the_worker_when_there_is_one(string mode, string path, string expected)
    {
        Assert.Equal("miss", expected);
        var router = TestAssets.Router(Tree, TestAssets.Config($$"""{"html_handling":"{{mode}}"}"""), hasWorker: true);
        router.Route(path).AssertKind(AssetOutcomeKind.RunWorker, 0);
    }

    [Theory]
    [InlineData("auto-trailing-slash", "/", "serve /index.html")]
    [InlineData("auto-trailing-slash", "/index", "-> /")]
    [InlineData("auto-trailing-slash", "/index.html", "-> /")]
    [InlineData("force-trailing-slash", "/", "serve /index.html")]
    [InlineData("force-trailing-slash", "/index.html", "-> /")]
    [InlineData("drop-trailing-slash", "/", "serve /index.html")]
    [InlineData("drop-trailing-slash", "/index", "-> /")]
    [InlineData("drop-trailing-slash", "/index.html", "-> /")]
    [InlineData("none", "/", "miss")]
    [InlineData("none", "/index.html", "serve /index.html")]
    public void The_root_page_keeps_its_slash(string mode, string path, string expected)
    {
        var router = TestAssets.Router(TestAssets.Manifest("/index.html"), TestAssets.Config($$"""{"html_handling":"{{mode}}"}"""));
        var outcome = router.Route(path);
        if (expected == "miss") outcome.AssertKind(AssetOutcomeKind.NotFound, 404);
        else if (expected.StartsWith("serve ")) outcome.AssertServes(expected["serve ".Length..]);
        else outcome.AssertRedirects(expected["-> ".Length..]);
    }

    [Fact]
    public void Non_html_files_are_served_only_at_their_exact_path()
    {
        var router = TestAssets.Router(TestAssets.Manifest("/style.css", "/data/index.json"));
        router.Route("/style.css").AssertServes("/style.css");
        router.Route("/style").AssertKind(AssetOutcomeKind.NotFound, 404);
        router.Route("/data/").AssertKind(AssetOutcomeKind.NotFound, 404);
    }

    [Fact]
    public void A_file_named_index_without_extension_is_served_as_is()
    {
        var router = TestAssets.Router(TestAssets.Manifest("/docs/index"));
        router.Route("/docs/index").AssertServes("/docs/index");
    }

    [Fact]
    public void When_both_file_html_and_folder_index_exist_each_keeps_its_own_url()
    {
        var manifest = TestAssets.Manifest("/both.html", "/both/index.html");
        var auto = TestAssets.Router(manifest);
        auto.Route("/both").AssertServes("/both.html");
        auto.Route("/both/").AssertServes("/both/index.html");

        var force = TestAssets.Router(manifest, TestAssets.Config("""{"html_handling":"force-trailing-slash"}"""));
        force.Route("/both/").AssertServes("/both/index.html");
        force.Route("/both.html").AssertServes("/both.html");

        var drop = TestAssets.Router(manifest, TestAssets.Config("""{"html_handling":"drop-trailing-slash"}"""));
        drop.Route("/both").AssertServes("/both.html");
        drop.Route("/both/index.html").AssertServes("/both/index.html");
    }

    [Fact]
    public void A_redirect_is_never_made_towards_a_path_that_is_itself_a_file()
    {
        // "/page" is a binary file, so /page.html must not be redirected onto it.
        var router = TestAssets.Router(TestAssets.Manifest("/page", "/page.html"));
        router.Route("/page.html").AssertServes("/page.html");
        router.Route("/page").AssertServes("/page");
    }

    [Fact]
    public void Unicode_paths_are_looked_up_decoded_and_served_at_their_encoded_spelling()
    {
        var router = TestAssets.Router(TestAssets.Manifest("/café/menü.html", "/a b.txt", "/[x].png"));
        router.Route("/caf%C3%A9/men%C3%BC").AssertServes("/café/menü.html");
        router.Route("/caf%C3%A9/men%C3%BC.html").AssertRedirects("/caf%C3%A9/men%C3%BC");
        // Raw UTF-8 as some clients send it is encoded as a URL parser would.
        router.Route("/café/menü").AssertServes("/café/menü.html");
        router.Route("/a%20b.txt").AssertServes("/a b.txt");
        // Characters encodeURIComponent escapes have one canonical spelling.
        router.Route("/[x].png").AssertRedirects("/%5Bx%5D.png");
        router.Route("/%5Bx%5D.png").AssertServes("/[x].png");
        router.Route("/%5bx%5d.png").AssertRedirects("/%5Bx%5D.png");
    }

    [Fact]
    public void Repeated_slashes_and_dot_segments_redirect_to_the_canonical_path()
    {
        var router = TestAssets.Router(TestAssets.Manifest("/a/b.txt"));
        router.Route("//a//b.txt").AssertRedirects("/a/b.txt");
        router.Route("/x/../a/./b.txt").AssertServes("/a/b.txt");
        router.Route("/a/%2e%2e/a/b.txt").AssertServes("/a/b.txt");
    }

    [Fact]
    public void Malformed_percent_encoding_is_looked_up_literally()
    {
        var router = TestAssets.Router(TestAssets.Manifest("/100%.txt"));
        router.Route("/100%.txt").AssertRedirects("/100%25.txt");
        router.Route("/100%25.txt").AssertServes("/100%.txt");
        router.Route("/%E0%A4%A.txt").AssertKind(AssetOutcomeKind.NotFound, 404);
    }
}
