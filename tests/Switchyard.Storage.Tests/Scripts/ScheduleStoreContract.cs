using Switchyard.Storage.Scripts;
using Switchyard.Storage.Tests.Backends;
using Xunit;

using static Switchyard.Storage.Tests.Scripts.ScriptFixtures;

namespace Switchyard.Storage.Tests.Scripts;

/// <summary>Cron Triggers: replaced as a set, creation times kept, listed for the scheduler, gone with their script.</summary>
public abstract class ScheduleStoreContract(StorageBackend backend) : StorageContract(backend)
{
    [Fact]
    public async Task Schedules_are_replaced_as_a_set_and_keep_their_creation_time()
    {
        var script = (await DeployAsync(Storage, ScriptOwner.Account(AccountId), "cron")).Script;
        var first = await Storage.Schedules.ReplaceAsync(script.Id, ["*/5 * * * *", "0 0 * * *", "0 0 * * *"]);
        Assert.Equal(2, first.Count);

        Clock.Now += TimeSpan.FromMinutes(1);
        var second = await Storage.Schedules.ReplaceAsync(script.Id, ["0 0 * * *", "30 1 * * *"]);
        Assert.Equal(["0 0 * * *", "30 1 * * *"], second.Select(s => s.Cron));
        Assert.Equal(first.Single(s => s.Cron == "0 0 * * *").CreatedOn, second[0].CreatedOn);
        Assert.Equal(Clock.GetUtcNow(), second[1].CreatedOn);
        Assert.Equal(second, await Storage.Schedules.GetAsync(script.Id));
    }

    [Fact]
    public async Task The_scheduler_lists_every_schedule_with_its_script_and_deleted_scripts_take_theirs_along()
    {
        var ns = await Storage.Namespaces.CreateAsync(AccountId, "ns", "me");
        var inNamespace = (await DeployAsync(Storage, ScriptOwner.Namespace(ns), "user")).Script;
        var atAccount = (await DeployAsync(Storage, ScriptOwner.Account(AccountId), "main")).Script;
        await Storage.Schedules.ReplaceAsync(inNamespace.Id, ["* * * * *"]);
        await Storage.Schedules.ReplaceAsync(atAccount.Id, ["0 * * * *"]);
        Assert.Equal(
            [new ScheduledScript(AccountId, null, "main", "0 * * * *"), new ScheduledScript(AccountId, "ns", "user", "* * * * *")],
            await Storage.Schedules.ListAllAsync());

        await Storage.Scripts.DeleteAsync(atAccount.Id);
        Assert.Empty(await Storage.Schedules.GetAsync(atAccount.Id));
        Assert.Equal("user", Assert.Single(await Storage.Schedules.ListAllAsync()).ScriptName);
    }
}

public abstract class ScheduleClaimContract(StorageBackend backend) : StorageContract(backend)
{
    [Fact]
    public async Task A_firing_is_claimed_once_and_claims_are_forgotten_when_old()
    {
        var schedule = new ScheduledScript(AccountId, "ns", "user", "* * * * *");
        Assert.True(await Storage.Schedules.TryClaimAsync(schedule, 60_000));
        Assert.False(await Storage.Schedules.TryClaimAsync(schedule, 60_000));
        Assert.True(await Storage.Schedules.TryClaimAsync(schedule, 120_000));
        Assert.True(await Storage.Schedules.TryClaimAsync(schedule with { NamespaceName = null }, 60_000));
        await Storage.Schedules.ForgetClaimsBeforeAsync(120_000);
        Assert.True(await Storage.Schedules.TryClaimAsync(schedule, 60_000));
        Assert.False(await Storage.Schedules.TryClaimAsync(schedule, 120_000));
    }
}

public sealed class SqliteScheduleClaimTests() : ScheduleClaimContract(new SqliteBackend());

public sealed class SqliteScheduleStoreTests() : ScheduleStoreContract(new SqliteBackend());

public sealed class PostgresScheduleStoreTests() : ScheduleStoreContract(new PostgresBackend());
public sealed class PostgresScheduleClaimTests() : ScheduleClaimContract(new PostgresBackend());
