using Switchyard.Storage.Blobs;
using Switchyard.Storage.Scripts;

namespace Switchyard.Storage.Tests.Scripts;

/// <summary>Versions as the control plane commits them: the module's blob stored first, then one commit.</summary>
internal static class ScriptFixtures
{
    public static async Task<VersionContent> ContentAsync(IBlobStore blobs, string code, params WorkerBinding[] bindings)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(code);
        var key = await blobs.PutAsync(bytes);
        return new VersionContent
        {
            MainModule = "index.js",
            Modules = [new ScriptModule("index.js", "application/javascript+module", key, bytes.Length)],
            Bindings = bindings,
            CompatibilityDate = "2025-01-01",
            CompatibilityFlags = ["nodejs_compat"],
            Annotations = new Dictionary<string, string> { ["workers/message"] = "hi" },
            Handlers = ["fetch"],
        };
    }

    public static async Task<VersionCommitResult> DeployAsync(IStorage storage, ScriptOwner owner, string name, string code = "export default {}",
        params WorkerBinding[] bindings)
    {
        var content = await ContentAsync(storage.Blobs, code, bindings);
        return (await storage.Scripts.CommitAsync(owner, name, new VersionCommit("api", _ => content, CreateScript: true, Deploy: true)))!;
    }
}
