using System.Text.Json;
using Switchyard.WorkerHosts;
using Switchyard.WorkerHosts.Ipc;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Hosting;

/// <summary>
/// Worker host processes as the server runs them: each started with one end of a socket pair as its only channel,
/// sandboxed before it answers (its health answer and <c>/proc</c> agree: <c>Seccomp: 2</c>); a host killed with SIGKILL
/// is started again in its slot while the other slot answers throughout; closing the pool ends every host.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class WorkerHostPoolTests
{
    private static readonly string[] Command =
        [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "Switchyard.dll")];

    private static async Task<(int Pid, string Seccomp)> HealthAsync(WorkerHostProcess host)
    {
        ChannelCall call = host.Channel.Call("health", ReadOnlyMemory<byte>.Empty);
        await call.EndAsync();
        using var answer = JsonDocument.Parse(await call.Reply.WaitAsync(TimeSpan.FromSeconds(60)));
        return (answer.RootElement.GetProperty("pid").GetInt32(), answer.RootElement.GetProperty("seccomp").GetString()!);
    }

    [Fact]
    public async Task A_killed_host_is_started_again_while_the_others_keep_answering()
    {
        var pool = new WorkerHostPool(2, Command, (_, call) => { call.Cancel("the server answers nothing here"); return Task.CompletedTask; });
        int[] pids;
        await using (pool)
        {
            var first = await HealthAsync(pool[0]);
            var second = await HealthAsync(pool[1]);
            Assert.Equal(("2", "2"), (first.Seccomp, second.Seccomp));
            Assert.Equal(first.Pid, pool[0].ProcessId);
            Assert.Matches(@"(?m)^Seccomp:\s+2$", await File.ReadAllTextAsync($"/proc/{first.Pid}/status"));

            WorkerHostProcess killed = pool[0];
            killed.Kill();
            await killed.Exited.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(second.Pid, (await HealthAsync(pool[1])).Pid);  // the other slot is untouched

            // The slot gets a new host, which answers.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (pool[0] == killed || pool.Restarts == 0) await Task.Delay(20, deadline.Token);
            var replacement = await HealthAsync(pool[0]);
            Assert.NotEqual(first.Pid, replacement.Pid);
            Assert.Equal("2", replacement.Seccomp);
            Assert.Equal(1, pool.Restarts);
            pids = [replacement.Pid, second.Pid];

            // A method a host does not know is refused, and the channel stays usable.
            ChannelCall unknown = pool[1].Channel.Call("nonsense", ReadOnlyMemory<byte>.Empty);
            await Assert.ThrowsAsync<ChannelCallException>(() => unknown.Reply.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(second.Pid, (await HealthAsync(pool[1])).Pid);
        }
        // Closing the pool closed the channels, and the hosts exited on their own.
        foreach (int pid in pids) Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/status").Contains("State:\tZ"));
    }
}
