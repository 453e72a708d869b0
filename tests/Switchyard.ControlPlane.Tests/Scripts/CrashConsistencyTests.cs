using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>
/// A deploy is all-or-nothing even when the process dies: the server is SIGKILLed while a 9 MB version 2 is still
/// streaming in, restarted on the same data directory, and version 1 must be intact and served.
/// </summary>
public sealed class CrashConsistencyTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "switchyard-crash-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Killing_the_server_mid_upload_leaves_the_previous_version_serving()
    {
        const string v1 = "export default { async fetch() { return new Response('v1'); } };\n";
        var path = $"accounts/{TestServer.AccountId}/workers/scripts/durable";

        await using (var first = await ServerProcess.StartAsync(_dataDir))
        {
            (await first.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module(new()
            {
                ["bindings"] = new[] { new { name = "GREETING", type = "plain_text", text = "v1" } },
            }, code: v1))).AssertOk();

            var halfway = new TaskCompletionSource();
            using var abandon = new CancellationTokenSource();
            var upload = first.Api.PutAsync(path, new StalledUpload(9 * 1024 * 1024, sendBeforeStall: 5 * 1024 * 1024, halfway), abandon.Token);
            await halfway.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await Task.Delay(300); // let the server read what was sent
            Assert.False(upload.IsCompleted);
            first.Kill();
            abandon.Cancel(); // the client would only notice the dead server on its next write
            await Assert.ThrowsAnyAsync<Exception>(() => upload);
        }

        await using var second = await ServerProcess.StartAsync(_dataDir);
        using var content = await second.Api.GetAsync($"{path}/content");
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        Assert.Equal(v1, await content.Content.ReadAsStringAsync());
        var versions = (await second.Api.GetApiAsync($"{path}/versions")).AssertOk()!["items"]!.AsArray();
        Assert.Equal(1, (int)Assert.Single(versions)!["number"]!);
        Assert.Equal("v1", (string?)(await second.Api.GetApiAsync($"{path}/settings")).AssertOk()!["bindings"]![0]!["text"]);

        // and the server still takes deploys afterwards
        (await second.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module())).AssertOk();
        Assert.Equal(2, (await second.Api.GetApiAsync($"{path}/versions")).AssertOk()!["items"]!.AsArray().Count);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// A wrangler-style multipart upload whose module is <paramref name="moduleBytes"/> long, declared in full in
    /// Content-Length, of which only the first <paramref name="sendBeforeStall"/> bytes are ever sent.
    /// </summary>
    private sealed class StalledUpload : HttpContent
    {
        private const string Boundary = "----crash-test-boundary";
        private readonly byte[] _head;
        private readonly byte[] _tail;
        private readonly int _moduleBytes;
        private readonly int _sendBeforeStall;
        private readonly TaskCompletionSource _halfway;

        public StalledUpload(int moduleBytes, int sendBeforeStall, TaskCompletionSource halfway)
        {
            _moduleBytes = moduleBytes;
            _sendBeforeStall = sendBeforeStall;
            _halfway = halfway;
            _head = Encoding.UTF8.GetBytes(
                $"--{Boundary}\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n{{\"main_module\":\"index.js\"}}\r\n" +
                $"--{Boundary}\r\nContent-Disposition: form-data; name=\"index.js\"; filename=\"index.js\"\r\n" +
                "Content-Type: application/javascript+module\r\n\r\n");
            _tail = Encoding.UTF8.GetBytes($"\r\n--{Boundary}--\r\n");
            Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken ct)
        {
            await stream.WriteAsync(_head, ct);
            var chunk = Encoding.ASCII.GetBytes(new string('/', 64 * 1024));
            for (var sent = 0; sent < _sendBeforeStall; sent += chunk.Length) await stream.WriteAsync(chunk, ct);
            await stream.FlushAsync(ct);
            _halfway.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct); // the rest never comes; the server dies waiting for it
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _head.Length + _moduleBytes + _tail.Length;
            return true;
        }
    }
}
