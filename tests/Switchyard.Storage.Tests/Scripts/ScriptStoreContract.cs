using System.Text.Json;
using Switchyard.Storage.Scripts;
using Switchyard.Storage.Tests.Backends;
using Xunit;

using static Switchyard.Storage.Tests.Scripts.ScriptFixtures;

namespace Switchyard.Storage.Tests.Scripts;

/// <summary>Scripts, versions, deployments and settings as the control plane writes them.</summary>
public abstract class ScriptStoreContract(StorageBackend backend) : StorageContract(backend)
{
    private static readonly ScriptOwner Account = ScriptOwner.Account(AccountId);
    private IScriptStore Scripts => Storage.Scripts;

    [Fact]
    public async Task A_first_upload_creates_the_script_with_version_1_deployed()
    {
        var result = await DeployAsync(Storage, Account, "hello", "export default 1",
            new PlainTextBinding("V", "1"), new SecretTextBinding("S", "shh"), new KvNamespaceBinding("KV", new string('a', 32)));
        Assert.True(result.Created);
        Assert.Equal((1, result.Version.Id), (result.Version.Number, result.Script.ActiveVersionId));
        Assert.Equal(result.Version.Id, Assert.Single(result.Deployment!.Versions).VersionId);

        var found = (await Scripts.FindAsync(Account, "hello"))!;
        Assert.Equal(result.Script with { Tags = [] }, found with { Tags = [] }); // Tags: a list, equal by reference
        Assert.Empty(found.Tags);
        Assert.Equal(("api", false, false), (found.LastDeployedFrom, found.SubdomainEnabled, found.PreviewsEnabled));
        var version = (await Scripts.GetVersionAsync(found.Id, result.Version.Id))!;
        Assert.Equal(result.Version.Content.Modules, version.Content.Modules);
        Assert.Equal(result.Version.Content.Bindings, version.Content.Bindings);
        Assert.Equal(("index.js", "2025-01-01", "hi"), (version.Content.MainModule, version.Content.CompatibilityDate, version.Content.Annotations["workers/message"]));
        Assert.Equal(["nodejs_compat"], version.Content.CompatibilityFlags);
        Assert.Equal(["fetch"], version.Content.Handlers);
        Assert.Equal(result.Version.CreatedOn, version.CreatedOn);
        Assert.Null(await Scripts.GetVersionAsync("other-script", result.Version.Id));
        Assert.Null(await Scripts.FindAsync(Account, "other"));
    }

    [Fact]
    public async Task Later_commits_see_the_live_version_number_upward_and_may_skip_the_deploy()
    {
        var first = await DeployAsync(Storage, Account, "w");
        var content = await ContentAsync(Storage.Blobs, "export default 2");
        ScriptVersion? seen = null;
        var second = (await Scripts.CommitAsync(Account, "w", new VersionCommit("wrangler", live => { seen = live; return content; }, CreateScript: false, Deploy: false)))!;
        Assert.Equal(first.Version.Id, seen!.Id);
        Assert.False(second.Created);
        Assert.Null(second.Deployment);
        Assert.Equal((2, first.Version.Id), (second.Version.Number, second.Script.ActiveVersionId));
        Assert.Equal([2, 1], (await Scripts.ListVersionsAsync(first.Script.Id)).Select(v => v.Number));
        Assert.Equal(content.Modules, (await Scripts.ListVersionsAsync(first.Script.Id))[0].Content.Modules);

        Assert.Null(await Scripts.CommitAsync(Account, "missing", new VersionCommit("api", _ => content, CreateScript: false, Deploy: true)));
        await Assert.ThrowsAsync<ArgumentException>(() => Scripts.CommitAsync(Account, "x", new VersionCommit("api", _ => content, CreateScript: true, Deploy: false)));
    }

    [Fact]
    public async Task A_build_that_throws_rolls_the_whole_commit_back()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            var content = await ContentAsync(Storage.Blobs, "x");
            await Scripts.CommitAsync(Account, "never", new VersionCommit("api", _ => throw new InvalidOperationException("refused"), CreateScript: true, Deploy: true));
        });
        Assert.Null(await Scripts.FindAsync(Account, "never"));
    }

    [Fact]
    public async Task Deployments_split_traffic_and_the_largest_share_becomes_active()
    {
        var first = await DeployAsync(Storage, Account, "split");
        var second = (await Scripts.CommitAsync(Account, "split",
            new VersionCommit("api", _ => first.Version.Content, CreateScript: false, Deploy: false)))!;
        var id = first.Script.Id;

        Clock.Now += TimeSpan.FromSeconds(1);
        var split = (await Scripts.DeployAsync(id, [new DeploymentVersion(first.Version.Id, 30), new DeploymentVersion(second.Version.Id, 70)], "api", "me",
            new Dictionary<string, string> { ["workers/message"] = "gradual" }))!;
        Assert.Equal(second.Version.Id, (await Scripts.FindAsync(Account, "split"))!.ActiveVersionId);
        Assert.Equal([split.Id, first.Deployment!.Id], (await Scripts.ListDeploymentsAsync(id)).Select(d => d.Id));
        var stored = (await Scripts.ListDeploymentsAsync(id))[0];
        Assert.Equal(split.Versions, stored.Versions);
        Assert.Equal(("me", "percentage", "gradual"), (stored.AuthorEmail, stored.Strategy, stored.Annotations["workers/message"]));

        // Deployments made within one millisecond still list newest first.
        var again = (await Scripts.DeployAsync(id, first.Version.Id, "api", null, new Dictionary<string, string>()))!;
        Assert.Equal(again.Id, (await Scripts.ListDeploymentsAsync(id))[0].Id);
        Assert.Equal(first.Version.Id, (await Scripts.FindAsync(Account, "split"))!.ActiveVersionId);

        var foreign = await DeployAsync(Storage, Account, "foreign");
        Assert.Null(await Scripts.DeployAsync(id, foreign.Version.Id, "api", null, new Dictionary<string, string>()));
    }

    [Fact]
    public async Task Settings_patch_only_what_they_name_and_tags_replace_the_set()
    {
        var s = (await DeployAsync(Storage, Account, "settings")).Script;
        var observability = JsonDocument.Parse("{\"enabled\":true}").RootElement;
        var updated = (await Scripts.UpdateSettingsAsync(s.Id, new ScriptSettingsPatch(Logpush: true, Observability: observability, Tags: ["b", "a", "a"])))!;
        Assert.True(updated.Settings.Logpush);
        Assert.Equal("{\"enabled\":true}", updated.Settings.Observability!.Value.GetRawText());
        Assert.Equal(["a", "b"], updated.Tags);

        updated = (await Scripts.UpdateSettingsAsync(s.Id, new ScriptSettingsPatch(Observability: JsonDocument.Parse("null").RootElement, Tags: ["c"])))!;
        Assert.True(updated.Settings.Logpush);
        Assert.Null(updated.Settings.Observability);
        Assert.Equal(["c"], updated.Tags);
        Assert.Null(await Scripts.UpdateSettingsAsync("missing", new ScriptSettingsPatch(Logpush: false)));

        var enabled = (await Scripts.SetSubdomainAsync(s.Id, enabled: true, previewsEnabled: true))!;
        Assert.Equal((true, true), (enabled.SubdomainEnabled, enabled.PreviewsEnabled));
        Assert.Null(await Scripts.SetSubdomainAsync("missing", true, true));
    }

    [Fact]
    public async Task Lists_page_by_name_and_filter_by_tags()
    {
        foreach (var (name, tags) in new[] { ("b", new[] { "x", "y" }), ("a", new[] { "x" }), ("c", new[] { "y" }), ("B", Array.Empty<string>()) })
        {
            var s = (await DeployAsync(Storage, Account, name)).Script;
            await Scripts.UpdateSettingsAsync(s.Id, new ScriptSettingsPatch(Tags: tags));
        }
        var page = await Scripts.ListAsync(Account, TagFilter.None, 2, null);
        Assert.Equal(["B", "a"], page.Scripts.Select(s => s.Name)); // bytewise: upper case first
        Assert.Equal("a", page.NextAfter);
        page = await Scripts.ListAsync(Account, TagFilter.None, 2, page.NextAfter);
        Assert.Equal(["b", "c"], page.Scripts.Select(s => s.Name));
        Assert.Null(page.NextAfter);

        Assert.Equal(["b"], (await Scripts.ListAsync(Account, new TagFilter(["x", "y"], []), 10, null)).Scripts.Select(s => s.Name));
        Assert.Equal(["a"], (await Scripts.ListAsync(Account, new TagFilter(["x"], ["y"]), 10, null)).Scripts.Select(s => s.Name));
        Assert.Equal(["B"], (await Scripts.ListAsync(Account, new TagFilter([], ["x", "y"]), 10, null)).Scripts.Select(s => s.Name));

        Assert.Equal(["a", "b"], await Scripts.DeleteMatchingAsync(Account, new TagFilter(["x"], [])));
        Assert.Equal(["B", "c"], (await Scripts.ListAsync(Account, TagFilter.None, 10, null)).Scripts.Select(s => s.Name));
        await Assert.ThrowsAsync<ArgumentException>(() => Scripts.DeleteMatchingAsync(Account, TagFilter.None));
    }

    [Fact]
    public async Task Namespace_scripts_are_separate_from_account_scripts_of_the_same_name()
    {
        var ns = await Storage.Namespaces.CreateAsync(AccountId, "ns", "me");
        var inNamespace = await DeployAsync(Storage, ScriptOwner.Namespace(ns), "same");
        var atAccount = await DeployAsync(Storage, Account, "same");
        Assert.NotEqual(inNamespace.Script.Id, atAccount.Script.Id);
        Assert.Equal(ns.Id, (await Scripts.FindAsync(ScriptOwner.Namespace(ns), "same"))!.NamespaceId);
        Assert.Null((await Scripts.FindAsync(Account, "same"))!.NamespaceId);
        Assert.Equal(1, (await Storage.Namespaces.GetAsync(AccountId, "ns"))!.ScriptCount);

        Assert.True(await Scripts.DeleteAsync(inNamespace.Script.Id));
        Assert.False(await Scripts.DeleteAsync(inNamespace.Script.Id));
        Assert.Empty(await Scripts.ListVersionsAsync(inNamespace.Script.Id));
        Assert.NotNull(await Scripts.FindAsync(Account, "same"));
    }

    [Fact]
    public async Task Service_and_outbound_bindings_to_a_worker_are_found_from_live_versions()
    {
        var outbound = new DispatchOutbound(new OutboundWorker("egress", null), null);
        await DeployAsync(Storage, Account, "caller", "x", new ServiceBinding("API", "target", null, null));
        await DeployAsync(Storage, Account, "target", "x", new ServiceBinding("SELF", "target", null, null));
        await DeployAsync(Storage, Account, "dispatcher", "x", new DispatchNamespaceBinding("D", "ns", outbound));
        Assert.Equal(["caller"], await Scripts.FindServiceBindingsToAsync(AccountId, "target"));
        Assert.Empty(await Scripts.FindServiceBindingsToAsync(AccountId, "nobody"));
        Assert.Equal([("dispatcher", "ns")], await Scripts.FindDispatchOutboundsToAsync(AccountId, "egress"));

        // Only the live version counts.
        await DeployAsync(Storage, Account, "caller", "y");
        Assert.Empty(await Scripts.FindServiceBindingsToAsync(AccountId, "target"));
    }

    [Fact]
    public async Task A_binding_value_holding_U0000_neither_breaks_nor_hides_the_reference_scans()
    {
        // PostgreSQL's text cannot hold U+0000; the bindings are JSON text with it escaped, which jsonb refuses to read.
        await DeployAsync(Storage, Account, "holder", "x", new SecretTextBinding("S", "a\0b"), new PlainTextBinding("P", "\0"),
            new ServiceBinding("API", "target", null, null));
        Assert.Equal(["holder"], await Scripts.FindServiceBindingsToAsync(AccountId, "target"));
        Assert.Empty(await Scripts.FindDispatchOutboundsToAsync(AccountId, "target"));
        var live = (await Scripts.FindAsync(Account, "holder"))!;
        var version = (await Scripts.GetVersionAsync(live.Id, live.ActiveVersionId))!;
        Assert.Equal("a\0b", version.Content.Bindings.OfType<SecretTextBinding>().Single().Text);
    }

    [Fact]
    public async Task Concurrent_commits_to_one_script_get_distinct_numbers_and_lose_no_update()
    {
        var first = await DeployAsync(Storage, Account, "busy", "x", new PlainTextBinding("N", "0"));
        var content = first.Version.Content;
        var commits = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Scripts.CommitAsync(Account, "busy", new VersionCommit("api", live =>
        {
            var n = int.Parse(((PlainTextBinding)live!.Content.Bindings[0]).Text);
            return content with { Bindings = [new PlainTextBinding("N", (n + 1).ToString())] };
        }, CreateScript: false, Deploy: true))));
        await Task.WhenAll(commits);
        var versions = await Scripts.ListVersionsAsync(first.Script.Id);
        Assert.Equal(Enumerable.Range(1, 9).Reverse(), versions.Select(v => v.Number));
        Assert.Equal("8", ((PlainTextBinding)versions[0].Content.Bindings[0]).Text);
    }
}

public sealed class SqliteScriptStoreTests() : ScriptStoreContract(new SqliteBackend());

public sealed class PostgresScriptStoreTests() : ScriptStoreContract(new PostgresBackend());
