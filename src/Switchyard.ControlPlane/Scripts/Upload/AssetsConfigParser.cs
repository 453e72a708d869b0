using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts.Upload;

/// <summary>Validates <c>metadata.assets.config</c> (html_handling, not_found_handling, run_worker_first, _headers, _redirects).</summary>
public static class AssetsConfigParser
{
    public static AssetsConfig Parse(JsonObject config)
    {
        var f = new JsonFields(config, "metadata.assets.config");
        var html = f.String("html_handling") ?? AssetsConfig.Default.HtmlHandling;
        if (!AssetsConfig.HtmlHandlings.Contains(html))
            throw ScriptErrors.Invalid($"{f.Path("html_handling")} must be one of {string.Join(", ", AssetsConfig.HtmlHandlings)}; got '{html}'");
        var notFound = f.String("not_found_handling") ?? AssetsConfig.Default.NotFoundHandling;
        if (!AssetsConfig.NotFoundHandlings.Contains(notFound))
            throw ScriptErrors.Invalid($"{f.Path("not_found_handling")} must be one of {string.Join(", ", AssetsConfig.NotFoundHandlings)}; got '{notFound}'");

        var (all, rules) = RunWorkerFirst(config, f);
        return new AssetsConfig(html, notFound, all, rules, RulesFile(f, "_headers"), RulesFile(f, "_redirects"));
    }

    /// <summary><c>run_worker_first</c>: a boolean, or rules <c>/path*</c> / <c>!/path*</c>. The legacy
    /// <c>serve_directly: false</c> means the same as <c>run_worker_first: true</c>.</summary>
    private static (bool All, IReadOnlyList<string> Rules) RunWorkerFirst(JsonObject config, JsonFields f)
    {
        var node = config["run_worker_first"];
        if (node is null) return (f.Bool("serve_directly") == false, []);
        if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return (v.GetValue<bool>(), []);
        var rules = f.Strings("run_worker_first") ?? [];
        if (rules.Count > ScriptLimits.MaxRunWorkerFirstRules)
            throw ScriptErrors.Invalid($"{f.Path("run_worker_first")} has {rules.Count} rules; at most {ScriptLimits.MaxRunWorkerFirstRules} are allowed");
        foreach (var rule in rules)
        {
            if (rule.Length > ScriptLimits.MaxRunWorkerFirstRuleLength)
                throw ScriptErrors.Invalid($"run_worker_first rule '{rule[..20]}…' is longer than {ScriptLimits.MaxRunWorkerFirstRuleLength} characters");
            if (!rule.StartsWith('/') && !rule.StartsWith("!/", StringComparison.Ordinal))
                throw ScriptErrors.Invalid($"run_worker_first rule '{rule}' must start with '/' or '!/'");
        }
        return (false, rules);
    }

    private static string? RulesFile(JsonFields f, string key)
    {
        var text = f.String(key);
        if (text is not null && Encoding.UTF8.GetByteCount(text) > ScriptLimits.MaxRulesFileBytes)
            throw ScriptErrors.Invalid($"{f.Path(key)} is larger than {ScriptLimits.MaxRulesFileBytes} bytes");
        return text;
    }
}
