using System.Diagnostics;
using System.Text;
using Switchyard.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Switchyard.EndToEnd.Tests;

/// <summary>
/// <c>wrangler tail</c>, the real wrangler against a real server, in its two formats: it opens a tail, connects to the
/// trace-v1 socket, prints a request's <c>console.log</c>, and on Ctrl-C deletes the tail and exits.
/// </summary>
[Collection(WranglerCollection.Name)]
public sealed class WranglerTailTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("json")]
    [InlineData("pretty")]
    public async Task Wrangler_tail_shows_a_requests_console_log(string format)
    {
        await using var server = new TestServer();
        await server.InitializeAsync();
        string script = "tailed";
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{script}",
            ScriptUploads.Module(code: """
                export default { fetch(request) { console.log('tail me', { path: new URL(request.url).pathname }); return new Response('ok'); } };
                """))).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/{script}/subdomain", new { enabled = true })).AssertOk();

        var work = Directory.CreateTempSubdirectory("switchyard-tail-");
        var start = new ProcessStartInfo(WranglerFlows.NodePath, [WranglerFlows.WranglerPath, "tail", script, "--format", format])
        {
            WorkingDirectory = work.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        WranglerShell.SetEnvironment(start, server, work.FullName);

        var transcript = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (transcript) transcript.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (transcript) transcript.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string Text() { lock (transcript) return transcript.ToString(); }
        try
        {
            // Once the tail exists, events are kept for its socket even if wrangler has not connected yet.
            await WaitForAsync(async () => (await server.Api.GetApiAsync($"{server.AccountPath}/workers/scripts/{script}/tails"))
                .AssertOk()!.AsArray().Count == 1, "wrangler to open a tail", Text);
            using (var response = await server.GetEdgeAsync($"{script}.dev.workers.localhost", "/seen"))
                Assert.Equal("ok", await response.Content.ReadAsStringAsync());

            await WaitForAsync(() => Task.FromResult(Text().Contains("tail me")), "the console.log line", Text);
            string shown = Text();
            if (format == "json")
            {
                Assert.Contains("\"outcome\": \"ok\"", shown);
                Assert.Contains("\"scriptName\": \"tailed\"", shown);
                Assert.Contains("\"path\": \"/seen\"", shown);   // the logged object, as a value
            }
            else
            {
                Assert.Contains("GET http://tailed.dev.workers.localhost/seen - Ok @", shown);
                Assert.Contains("(log) tail me { path: '/seen' }", shown);
            }

            // Ctrl-C: wrangler drops the socket, deletes the tail and exits 0.
            using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString()])) await interrupt.WaitForExitAsync();
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(exit.Token);
            Assert.True(process.ExitCode == 0, $"wrangler tail exited with {process.ExitCode}:\n{Text()}");
            await WaitForAsync(async () => (await server.Api.GetApiAsync($"{server.AccountPath}/workers/scripts/{script}/tails"))
                .AssertOk()!.AsArray().Count == 0, "the tail to be deleted", Text);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            output.WriteLine(Text());
            work.Delete(recursive: true);
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, Func<string> transcript)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(200))
            if (await condition()) return;
        throw new Xunit.Sdk.XunitException($"timed out waiting for {what}; wrangler printed:\n{transcript()}");
    }
}
