using Switchyard.Engine;
using Switchyard.Runtime.Workers;
using Switchyard.Storage.Assets;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Invocation;

// Upload validation: a new version's code is loaded as a request would load it (compiled, linked, global scope evaluated
// under the start-up limits) before anything of it is stored, as Cloudflare validates an upload.
public sealed partial class WorkerRuntime
{
    /// <summary>
    /// Loads <paramref name="content"/> with the module bytes given (by module name) in a fresh isolate that is then
    /// discarded. Returns null when it loads, or the reason it does not in Cloudflare's words (the uncaught exception and
    /// where it was thrown, an unresolved import, the start-up CPU or memory limit), for a 10021 refusal.
    /// </summary>
    public async Task<string?> ValidateAsync(string accountId, string scriptName, VersionContent content,
        IReadOnlyDictionary<string, byte[]> moduleBytes, CancellationToken ct)
    {
        if (content.MainModule is null) return null;  // an assets-only worker has no code to run
        var worker = new WorkerRef(accountId, "upload", scriptName, null, TrustedWorkers: false, VersionId: "upload", Tags: []);
        var version = new DeployedVersion(new ScriptVersion("upload", "upload", 0, DateTimeOffset.UtcNow, "upload", content),
            new Dictionary<string, StoredAsset>());
        try
        {
            WorkerModules modules = WorkerModules.FromBytes(content, moduleBytes);
            WorkerInstance instance = await WorkerInstance.LoadAsync(this, worker, version, ct, modules).ConfigureAwait(false);
            instance.Dispose();
            Isolates.Refill();
            return null;
        }
        catch (JsLimitException e)
        {
            return e.Kind == JsLimitKind.Memory ? StartupMemoryLimitMessage : WorkerException.StartupCpuLimitMessage;
        }
        catch (JsException e)
        {
            string where = e.Resource is { Length: > 0 } resource ? $" at {resource}:{e.Line}:{e.Column}" : "";
            return $"Uncaught {e.Message}{where}";
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }

    public const string StartupMemoryLimitMessage = "Script startup exceeded memory limits.";
}
