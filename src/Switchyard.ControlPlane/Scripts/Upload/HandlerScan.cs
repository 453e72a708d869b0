using System.Text;
using System.Text.RegularExpressions;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts.Upload;

/// <summary>
/// Which event handlers a worker exports, for the <c>handlers</c> field of script objects. The control plane does not
/// execute code, so this is a static scan: method or property definitions named like a handler (<c>async fetch(req,
/// env) {</c>, <c>scheduled: async (…) =&gt;</c>) in an ES module, <c>addEventListener("fetch", …)</c> in a service worker.
/// </summary>
public static partial class HandlerScan
{
    public static IReadOnlyList<string> Scan(UploadedCode code)
    {
        if (code.MainModule is null) return [];
        var main = code.Files[0];
        var kind = ModuleKinds.FromContentType(main.ContentType!);
        if (kind is not (ModuleKind.EsModule or ModuleKind.CommonJs)) return [];
        var text = Encoding.UTF8.GetString(main.Data);
        var matches = code.ServiceWorker ? ServiceWorkerHandler().Matches(text) : ModuleHandler().Matches(text);
        return matches.Select(m => m.Groups["name"].Value).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"(?<![\w$.])(?:async\s+)?(?<name>fetch|scheduled|queue|tail|trace|email)\s*(?:\([^()]*\)\s*\{|:\s*(?:async\s*)?(?:function\b|\([^()]*\)\s*=>|[\w$]+\s*=>))")]
    private static partial Regex ModuleHandler();

    [GeneratedRegex(@"addEventListener\(\s*[""'](?<name>fetch|scheduled|queue|tail|trace|email)[""']")]
    private static partial Regex ServiceWorkerHandler();
}
