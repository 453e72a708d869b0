using System.CommandLine;
using System.Net.Sockets;
using System.Text.Json;
using Switchyard.WorkerHosts;
using Switchyard.WorkerHosts.Ipc;

namespace Switchyard.Cli;

/// <summary>
/// <c>switchyard worker-host --channel-fd N</c> (hidden: the server starts it, see <see cref="WorkerHostProcess"/>):
/// takes the inherited socket <c>N</c> as its channel to the server, enters the sandbox, and answers the server's calls
/// until the channel closes (the server stopped or dropped it), then exits. So far it answers <c>health</c> (its process
/// id and sandbox state): running isolates behind the channel is issue 23's next stage.
/// </summary>
public static class WorkerHostCommand
{
    public static Command Create()
    {
        var fd = new Option<int>("--channel-fd") { Description = "The inherited Unix socket connected to the server", Required = true };
        var command = new Command("worker-host", "Run as a worker host process of a server (started by the server)") { fd };
        command.Hidden = true;
        command.SetAction(async parse =>
        {
            var socket = new Socket(new SafeSocketHandle(parse.GetValue(fd), ownsHandle: true));
            ProcessSandbox.Enter(new SandboxOptions());
            await using var channel = new HostChannel(new NetworkStream(socket, ownsSocket: true), oddIds: true, AnswerAsync);
            channel.Start();
            await channel.Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return 0;
        });
        return command;
    }

    private static async Task AnswerAsync(ChannelCall call)
    {
        if (call.Method != "health")
        {
            call.Cancel($"A worker host does not answer '{call.Method}'.");
            return;
        }
        string status = await File.ReadAllTextAsync("/proc/thread-self/status").ConfigureAwait(false);
        call.SendReply(JsonSerializer.SerializeToUtf8Bytes(new
        {
            pid = Environment.ProcessId,
            seccomp = status.Split('\n').FirstOrDefault(l => l.StartsWith("Seccomp:", StringComparison.Ordinal))?["Seccomp:".Length..].Trim(),
        }));
        await call.EndAsync().ConfigureAwait(false);
    }
}
