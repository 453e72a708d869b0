using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Routing;
using Switchyard.Storage.Scripts;

namespace Switchyard.Edge.Tests.Pipeline;

/// <summary>
/// Stands in for the V8 runtime (built on another branch) so the edge's side of the contract can be tested: it
/// answers by path, never running the deployed code.
/// <list type="bullet">
/// <item><c>/throw</c>, <c>/cpu</c>, <c>/loop</c>: the matching <see cref="WorkerException"/>.</item>
/// <item><c>/bad-status</c>: an unsendable response.</item>
/// <item><c>/stream</c>: "first", then "second" only after <see cref="ReleaseStream"/> (so the test proves the first
/// chunk reached the client before the body was complete).</item>
/// <item><c>/whole</c>: a body held whole (as the runtime hands over a string or JSON body), with a wrong
/// <c>content-length</c> header of its own.</item>
/// <item><c>/passthrough/…</c>: an uncaught exception after <c>ctx.passThroughOnException()</c>.</item>
/// <item><c>/assets-binding/…</c>: <c>env.ASSETS.fetch</c> of the rest of the path.</item>
/// <item>anything else: the request it received, as JSON (body read as a stream).</item>
/// </list>
/// </summary>
public sealed class EchoInvokerForTests(IAssetsBinding assets) : IWorkerInvoker
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseStream() => _release.TrySetResult();

    public async Task<WorkerResponse> FetchAsync(WorkerRef worker, DeployedVersion version, WorkerRequest request, CancellationToken ct)
    {
        var path = new Uri(request.Url).AbsolutePath;
        switch (path)
        {
            case "/throw": throw new WorkerException(WorkerFailure.Exception, "Error: boom", "Error: boom\n    at fetch (index.js:1:1)");
            case "/cpu": throw new WorkerException(WorkerFailure.CpuLimit, "Worker exceeded CPU time limit.");
            case "/loop": throw new WorkerException(WorkerFailure.LoopLimit, "Worker hit loop limit.");
            case "/bad-status": return new WorkerResponse(1000, "", [], null);
            case "/stream": return new WorkerResponse(200, "OK", [new("content-type", "text/plain")], StreamBody());
            case "/whole":
                byte[] whole = Encoding.UTF8.GetBytes("held whole");
                return new WorkerResponse(200, "OK", [new("content-length", "999")],
                    new MemoryStream(whole, 0, whole.Length, writable: false, publiclyVisible: true));
        }
        if (path.StartsWith("/passthrough/", StringComparison.Ordinal))
            throw new WorkerException(WorkerFailure.Exception, "Error: boom") { PassThroughOnException = true };
        if (path.StartsWith("/assets-binding/", StringComparison.Ordinal))
            return await assets.FetchAsync(version, request with { Url = request.Url.Replace("/assets-binding", "") }, ct);

        string? body = null;
        if (request.Body is not null)
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(ct);
        }
        var echo = JsonSerializer.Serialize(new
        {
            script = worker.ScriptName,
            method = request.Method,
            url = request.Url,
            headers = request.Headers.Select(h => new[] { h.Key, h.Value }),
            body,
        });
        return new WorkerResponse(201, "Echoed", [new("content-type", "application/json"), new("set-cookie", "a=1"),
            new("set-cookie", "b=2"), new("x-worker", worker.ScriptName)], new MemoryStream(Encoding.UTF8.GetBytes(echo)));
    }

    private Stream StreamBody()
    {
        var pipe = new Pipe();
        _ = Task.Run(async () =>
        {
            await pipe.Writer.WriteAsync("first\n"u8.ToArray());
            await _release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await pipe.Writer.WriteAsync("second\n"u8.ToArray());
            await pipe.Writer.CompleteAsync();
        });
        return pipe.Reader.AsStream();
    }
}
