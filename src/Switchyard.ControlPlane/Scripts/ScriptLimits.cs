namespace Switchyard.ControlPlane.Scripts;

/// <summary>Limits on what a worker may consist of (Cloudflare's paid-tier values unless noted).</summary>
public static class ScriptLimits
{
    /// <summary>Total size of a version's modules, source maps excluded.</summary>
    public const long MaxScriptBytes = 10 * 1024 * 1024;

    /// <summary>Whole upload body: modules, source maps (often larger than the code) and metadata. Ours.</summary>
    public const long MaxUploadBytes = 64 * 1024 * 1024;

    /// <summary>Parts per upload. Ours.</summary>
    public const int MaxModules = 1000;

    public const int MaxTags = 8;
    /// <summary>Ours.</summary>
    public const int MaxTagLength = 256;

    /// <summary>Environment variables (plain_text, secret_text, json bindings) per worker, and the size of each value.</summary>
    public const int MaxVariables = 128;
    public const int MaxVariableBytes = 5 * 1024;

    /// <summary>Ours.</summary>
    public const int MaxBindings = 1000;

    public const int MaxRunWorkerFirstRules = 100;
    public const int MaxRunWorkerFirstRuleLength = 100;

    /// <summary>Size of the <c>_headers</c> and <c>_redirects</c> texts. Ours (2,100 redirect rules fit comfortably).</summary>
    public const int MaxRulesFileBytes = 512 * 1024;

    public const int MaxCpuMs = 300_000;
}
