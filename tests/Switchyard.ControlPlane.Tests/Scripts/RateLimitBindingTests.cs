using System.Net;
using Switchyard.Runtime.Bindings;
using Switchyard.Storage.Scripts;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>
/// Cloudflare's Rate Limiting binding (wrangler's <c>ratelimits</c>): <c>limit({key})</c> per key within the binding's
/// period, shared by the account's bindings of the same namespace id; its counters (<see cref="RateLimiter"/>); and
/// bad bindings refused at upload.
/// </summary>
public sealed class RateLimitBindingTests(TestServer server) : IClassFixture<TestServer>
{
    private const string Code = """
        export default { async fetch(request, env) {
          const key = new URL(request.url).searchParams.get("key");
          if (key === null) {
            try { await env.LIMITER.limit({}); return new Response("counted"); }
            catch (e) { return new Response(`${e.name}: ${e.message}`); }
          }
          const { success } = await env.LIMITER.limit({ key });
          return new Response(String(success));
        } };
        """;

    private async Task DeployAsync(string name, string namespaceId, int limit)
    {
        var metadata = new Dictionary<string, object?>
        {
            ["bindings"] = new object[] { new { name = "LIMITER", type = "ratelimit", namespace_id = namespaceId, simple = new { limit, period = 60 } } },
        };
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{name}", ScriptUploads.Module(metadata, Code))).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/{name}/subdomain", new { enabled = true })).AssertOk();
    }

    private async Task<string> LimitAsync(string name, string? key)
    {
        using var response = await server.GetEdgeAsync($"{name}.dev.workers.localhost", key is null ? "/" : $"/?key={key}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Calls_past_the_limit_fail_per_key_and_a_namespace_is_shared_by_the_accounts_workers()
    {
        string first = TestNames.Unique("limited"), second = TestNames.Unique("limited-too"), other = TestNames.Unique("limited-other");
        string shared = Random.Shared.Next(1_000, 1_000_000_000).ToString();
        await DeployAsync(first, shared, limit: 3);
        await DeployAsync(second, shared, limit: 3);
        await DeployAsync(other, shared + "1", limit: 3);
        // The windows are whole minutes of the clock: start well inside one, so that the calls below share it.
        while (DateTimeOffset.UtcNow.Second >= 45) await Task.Delay(500);

        Assert.Equal("true", await LimitAsync(first, "a"));
        Assert.Equal("true", await LimitAsync(second, "a"));  // the same namespace id: one count
        Assert.Equal("true", await LimitAsync(first, "a"));
        Assert.Equal("false", await LimitAsync(second, "a"));
        Assert.Equal("false", await LimitAsync(first, "a"));
        Assert.Equal("true", await LimitAsync(first, "b"));  // another key
        Assert.Equal("true", await LimitAsync(other, "a"));  // another namespace id
        Assert.Equal("TypeError: limit() requires an options object with a string key: limit({ key })", await LimitAsync(first, null));
    }

    [Fact]
    public async Task The_counters_are_fixed_windows_of_the_period_per_account_namespace_and_key()
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));  // a whole minute
        var limiter = new RateLimiter(clock);
        var tenPerTen = new RateLimitSimple(2, 10);
        Assert.True(await limiter.TryTakeAsync("acct", "7", tenPerTen, "k"));
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.True(await limiter.TryTakeAsync("acct", "7", tenPerTen, "k"));
        Assert.False(await limiter.TryTakeAsync("acct", "7", tenPerTen, "k"));
        Assert.True(await limiter.TryTakeAsync("other-acct", "7", tenPerTen, "k"));
        Assert.True(await limiter.TryTakeAsync("acct", "8", tenPerTen, "k"));
        clock.Advance(TimeSpan.FromSeconds(1));  // the next window
        Assert.True(await limiter.TryTakeAsync("acct", "7", tenPerTen, "k"));

        // A long key is counted by its digest: the same key still shares one count, another long key has its own.
        string longKey = new('x', 10_000);
        Assert.True(await limiter.TryTakeAsync("acct", "7", tenPerTen, longKey));
        Assert.True(await limiter.TryTakeAsync("acct", "7", tenPerTen, longKey));
        Assert.False(await limiter.TryTakeAsync("acct", "7", tenPerTen, longKey));
        Assert.True(await limiter.TryTakeAsync("acct", "7", tenPerTen, longKey + "y"));

        // Windows a minute past their start are swept as calls come, so keys a worker stopped using do not pile up.
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await limiter.TryTakeAsync("acct", "7", tenPerTen, "fresh"));
        Assert.Equal(1, limiter.Count);
    }

    public static TheoryData<string, string> BadBindings => new()
    {
        { """{"name":"L","type":"ratelimit","namespace_id":"1001","simple":{"limit":5,"period":30}}""", "binding 'L'.simple.period must be 10 or 60 (seconds); got 30" },
        { """{"name":"L","type":"ratelimit","namespace_id":"abc","simple":{"limit":5,"period":60}}""", "binding 'L'.namespace_id 'abc' must be a positive integer" },
        { """{"name":"L","type":"ratelimit","namespace_id":"1001"}""", "binding 'L'.simple is required" },
        { """{"name":"L","type":"ratelimit","namespace_id":"1001","simple":{"limit":0,"period":60}}""", "binding 'L'.simple.limit must be between 1 and" },
    };

    [Theory]
    [MemberData(nameof(BadBindings))]
    public async Task A_bad_rate_limit_binding_is_refused(string binding, string message)
    {
        string name = TestNames.Unique("limited-bad");
        string metadata = $$"""{"main_module":"index.js","bindings":[{{binding}}]}""";
        var error = (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{name}",
            ScriptUploads.WranglerRaw(metadata, TestModule.Esm("index.js", Code)))).AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Contains(message, error);
        (await server.Api.GetApiAsync($"{server.AccountPath}/workers/scripts/{name}/settings")).AssertError(HttpStatusCode.NotFound, 10007);
    }
}
