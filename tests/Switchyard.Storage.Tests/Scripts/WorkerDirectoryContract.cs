using System.Diagnostics;
using Switchyard.Storage.Assets;
using Switchyard.Storage.Scripts;
using Switchyard.Storage.Tests.Backends;
using Xunit;

using static Switchyard.Storage.Tests.Scripts.ScriptFixtures;

namespace Switchyard.Storage.Tests.Scripts;

/// <summary>The edge's read model: lookups by name, kept in memory between commits, and version loads.</summary>
public abstract class WorkerDirectoryContract(StorageBackend backend) : StorageContract(backend)
{
    private static readonly ScriptOwner Account = ScriptOwner.Account(AccountId);
    private IWorkerDirectory Workers => Storage.Workers;

    [Fact]
    public async Task Account_scripts_are_found_by_subdomain_only_when_enabled()
    {
        var deployed = await DeployAsync(Storage, Account, "hello");
        Assert.Null(Workers.FindBySubdomain("test", "hello"));
        var found = Workers.FindOnSubdomainAccount("TEST", "hello")!;
        Assert.Equal((AccountId, deployed.Script.Id, "hello", null, true, deployed.Version.Id),
            (found.AccountId, found.ScriptId, found.ScriptName, found.NamespaceName, found.TrustedWorkers, found.VersionId));
        Assert.Null(found.Traffic);

        await Storage.Scripts.SetSubdomainAsync(deployed.Script.Id, enabled: true, previewsEnabled: false);
        Assert.Equal(deployed.Script.Id, Workers.FindBySubdomain("test", "hello")!.ScriptId);
        Assert.Equal(deployed.Script.Id, Workers.FindAccountScript(AccountId, "hello")!.ScriptId);
        Assert.Null(Workers.FindBySubdomain("other", "hello"));

        await Storage.Accounts.SetSubdomainAsync(AccountId, "renamed");
        Assert.Null(Workers.FindBySubdomain("test", "hello"));
        Assert.NotNull(Workers.FindBySubdomain("renamed", "hello"));
    }

    [Fact]
    public async Task Namespace_scripts_carry_trust_and_tags_and_every_change_is_seen_by_the_next_lookup()
    {
        var ns = await Storage.Namespaces.CreateAsync(AccountId, "customers", "me");
        var deployed = await DeployAsync(Storage, ScriptOwner.Namespace(ns), "user");
        var found = Workers.FindNamespaceScript(AccountId, "customers", "user")!;
        Assert.Equal(("customers", false), (found.NamespaceName, found.TrustedWorkers));
        Assert.Null(Workers.FindAccountScript(AccountId, "user"));
        Assert.Null(Workers.FindNamespaceScript("fedcba9876543210fedcba9876543210", "customers", "user"));

        await Storage.Scripts.UpdateSettingsAsync(deployed.Script.Id, new ScriptSettingsPatch(Tags: ["t1"]));
        Assert.Equal(["t1"], Workers.FindNamespaceScript(AccountId, "customers", "user")!.Tags);
        await Storage.Namespaces.UpdateAsync(AccountId, "customers", "customers", trustedWorkers: true, "me");
        Assert.True(Workers.FindNamespaceScript(AccountId, "customers", "user")!.TrustedWorkers);

        var redeployed = await DeployAsync(Storage, ScriptOwner.Namespace(ns), "user", "export default 2");
        Assert.Equal(redeployed.Version.Id, Workers.FindNamespaceScript(AccountId, "customers", "user")!.VersionId);
        await Storage.Scripts.DeleteAsync(deployed.Script.Id);
        Assert.Null(Workers.FindNamespaceScript(AccountId, "customers", "user"));
    }

    [Fact]
    public async Task A_gradual_deployment_is_reported_as_traffic()
    {
        var first = await DeployAsync(Storage, Account, "split");
        var second = (await Storage.Scripts.CommitAsync(Account, "split", new VersionCommit("api", _ => first.Version.Content, CreateScript: false, Deploy: false)))!;
        await Storage.Scripts.DeployAsync(first.Script.Id, [new DeploymentVersion(first.Version.Id, 60), new DeploymentVersion(second.Version.Id, 40)],
            "api", null, new Dictionary<string, string>());
        var found = Workers.FindAccountScript(AccountId, "split")!;
        Assert.Equal(first.Version.Id, found.VersionId);
        Assert.Equal([60, 40], found.Traffic!.Select(t => t.Percentage));
    }

    [Fact]
    public async Task Versions_load_with_their_code_and_asset_manifest()
    {
        var manifest = new Dictionary<string, StoredAsset> { ["/index.html"] = new(new string('a', 32), new string('1', 64), 5, null) };
        var manifestKey = await AssetManifests.WriteAsync(Storage.Blobs, manifest);
        var content = (await ContentAsync(Storage.Blobs, "x")) with { Assets = new VersionAssets(manifestKey, AssetsConfig.Default), CpuMs = 50 };
        var committed = (await Storage.Scripts.CommitAsync(Account, "site", new VersionCommit("api", _ => content, CreateScript: true, Deploy: true)))!;

        var loaded = (await Workers.LoadAsync(committed.Version.Id))!;
        Assert.Equal(50, loaded.Version.Content.CpuMs);
        Assert.Equal(content.Modules, loaded.Version.Content.Modules);
        Assert.Equal(manifest["/index.html"], loaded.Assets["/index.html"]);
        Assert.Equal(AssetsConfig.Default with { RunWorkerFirstRules = loaded.Version.Content.Assets!.Config.RunWorkerFirstRules },
            loaded.Version.Content.Assets!.Config);
        Assert.Null(await Workers.LoadAsync(Guid.NewGuid().ToString()));
    }

    [Fact]
    public async Task Another_nodes_deploy_is_seen_within_two_seconds()
    {
        var other = await OpenNodeAsync();
        Assert.Null(other.Workers.FindAccountScript(AccountId, "late")); // cached as missing
        var deployed = await DeployAsync(Storage, Account, "late");

        var watch = Stopwatch.StartNew();
        while (other.Workers.FindAccountScript(AccountId, "late")?.VersionId != deployed.Version.Id)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), "the other node still serves the old answer");
            await Task.Delay(20);
        }
        await Storage.Scripts.DeleteAsync(deployed.Script.Id);
        watch.Restart();
        while (other.Workers.FindAccountScript(AccountId, "late") is not null)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), "the other node still serves a deleted script");
            await Task.Delay(20);
        }
    }
}

public sealed class SqliteWorkerDirectoryTests() : WorkerDirectoryContract(new SqliteBackend());

public sealed class PostgresWorkerDirectoryTests() : WorkerDirectoryContract(new PostgresBackend());
