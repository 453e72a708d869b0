using System.CommandLine;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Switchyard.WorkerHosts;

namespace Switchyard.Cli;

/// <summary>
/// <c>switchyard sandbox-probe --read PATH</c> (hidden, for tests): enters the worker host sandbox
/// (<see cref="ProcessSandbox"/>), then tries what a compromised isolate would — start a program, open a network
/// socket, create a file, read <c>PATH</c> (the server's database, say) — and prints one JSON object saying what each
/// attempt met. It then stays alive until its standard input closes, so a test can look at it from outside
/// (<c>/proc/PID/status</c>).
/// </summary>
public static class SandboxProbeCommand
{
    public static Command Create()
    {
        var read = new Option<string>("--read") { Description = "A file the sandboxed process must not be able to read", Required = true };
        var command = new Command("sandbox-probe", "Test-only: enter the worker host sandbox and report what it refuses") { read };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            string secret = parse.GetValue(read)!;
            ProcessSandbox.Enter(new SandboxOptions());
            var outcome = new Dictionary<string, string>
            {
                ["exec"] = Attempt(() => Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!.WaitForExit()),
                ["socket"] = Attempt(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp).Dispose()),
                ["createFile"] = Attempt(() => File.WriteAllText(Path.Combine(Path.GetTempPath(), $"sandbox-probe-{Environment.ProcessId}"), "x")),
                ["readSecret"] = Attempt(() => File.ReadAllBytes(secret)),
                ["thread"] = Attempt(() => new Thread(() => { }).Start()),
            };
            Console.Out.WriteLine(JsonSerializer.Serialize(outcome));
            Console.Out.Flush();
            Console.In.ReadToEnd();
            return 0;
        });
        return command;
    }

    private static string Attempt(Action action)
    {
        try
        {
            action();
            return "allowed";
        }
        catch (Exception e)
        {
            return $"refused: {e.GetType().Name}: {e.Message}";
        }
    }
}
