using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Switchyard.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Switchyard.EndToEnd.Tests;

/// <summary>
/// The README's "Building a platform" walkthrough, taken from the README itself: its deploy commands run as written (with
/// <c>npx wrangler</c> being the wrangler the flows installed) against a fresh server, then each of its curl commands runs
/// against the edge and must print what the README shows. Runs in the wrangler collection so wrangler is installed first.
/// </summary>
[Collection(WranglerCollection.Name)]
public sealed partial class PlatformExampleTests(ITestOutputHelper output)
{
    private const string Section = "## Building a platform";
    private const string ReadmeEdge = "http://127.0.0.1:8080";

    /// <summary>What the README says in a comment instead of showing output: the check for each curl it does that for.</summary>
    private static readonly Dictionary<string, Func<string, bool>> CommentedChecks = new()
    {
        ["/alice/"] = body => body.Contains("<h1>Alice's shop</h1>"),
        ["/bob/spin"] = body => body.StartsWith("HTTP/1.1 429") && body.Contains("bob is over its CPU limit"),
        ["/carol/"] = body => body.StartsWith("HTTP/1.1 404") && body.Contains("No customer named carol"),
    };

    [Fact]
    public async Task The_readme_walkthrough_deploys_with_wrangler_and_answers_as_shown()
    {
        var (deploy, requests) = ReadWalkthrough();
        await using var server = new TestServer();
        await server.InitializeAsync();
        var work = Directory.CreateTempSubdirectory("switchyard-platform-");
        try
        {
            // The commands start with `cd examples/platform`: run them in a copy, so wrangler's .wrangler/ stays out of the repo.
            CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "platform"), Path.Combine(work.FullName, "examples", "platform"));
            var npx = $$"""
                set -e
                npx() { if [ "$1" = wrangler ]; then shift; "{{WranglerFlows.NodePath}}" "{{WranglerFlows.WranglerPath}}" "$@"; else command npx "$@"; fi; }
                """;
            var (exit, transcript) = await RunBashAsync(npx + "\n" + deploy, work.FullName, server);
            output.WriteLine(transcript);
            Assert.True(exit == 0, $"the README's deploy commands failed (exit {exit}):\n{transcript}");

            var edge = server.Server.EdgeUrl.ToString().TrimEnd('/');
            var commented = 0;
            foreach (var (command, expected) in requests)
            {
                var (curlExit, body) = await RunBashAsync(command.Replace(ReadmeEdge, edge), work.FullName, server);
                output.WriteLine($"$ {command}\n{body}");
                Assert.True(curlExit == 0, $"{command} exited {curlExit}");
                if (expected.Length > 0)
                {
                    Assert.Equal(expected, body.TrimEnd('\n'));
                    continue;
                }
                var path = CurlPath().Match(command).Groups[1].Value;
                Assert.True(CommentedChecks.TryGetValue(path, out var check), $"the README requests {path} without showing output; the test has no check for it");
                Assert.True(check(body.ReplaceLineEndings("\n")), $"{command}\n{body}");
                commented++;
            }
            Assert.Equal(CommentedChecks.Count, commented);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The section's first <c>sh</c> block (deploys) and its <c>console</c> block (curl commands, each with its shown output).</summary>
    private static (string Deploy, List<(string Command, string Expected)> Requests) ReadWalkthrough()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf(Section, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README has no \"{Section}\" section");
        var end = readme.IndexOf("\n## ", start + Section.Length, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];

        var deploy = CodeBlock("sh").Match(section);
        var console = CodeBlock("console").Match(section);
        Assert.True(deploy.Success && console.Success, "the section needs a ```sh block of deploy commands and a ```console block of requests");

        var requests = new List<(string, string)>();
        foreach (var line in console.Groups[1].Value.Split('\n'))
        {
            if (line.StartsWith("$ ")) requests.Add((line[2..], ""));
            else if (requests.Count > 0 && line.Length > 0)
                requests[^1] = (requests[^1].Item1, requests[^1].Item2.Length == 0 ? line : requests[^1].Item2 + "\n" + line);
        }
        return (deploy.Groups[1].Value, requests);
    }

    private static Task<(int Exit, string Output)> RunBashAsync(string script, string directory, TestServer server) =>
        WranglerShell.RunAsync(script, directory, server);

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Contains(".wrangler")) continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static Regex CodeBlock(string language) => new($"```{language}\n(.*?)```", RegexOptions.Singleline);

    [GeneratedRegex(@"https?://[^/\s]+(/\S*)")]
    private static partial Regex CurlPath();
}
