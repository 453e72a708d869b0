using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Workers;

/// <summary>
/// Whether a version may generate code from strings (<c>eval</c>, <c>new Function</c>, Wasm from bytes) while its global
/// scope runs, as Cloudflare decides it: allowed from compatibility date 2025-06-01 or with the flag
/// <c>allow_eval_during_startup</c>, refused with <c>disallow_eval_during_startup</c>. During requests it is always
/// refused; Wasm uploaded as a module part is compiled by the host and needs neither.
/// </summary>
internal static class StartupCodeGeneration
{
    public const string AllowFlag = "allow_eval_during_startup";
    public const string DisallowFlag = "disallow_eval_during_startup";
    public const string FromDate = "2025-06-01";

    public static bool IsAllowed(VersionContent content)
    {
        if (content.CompatibilityFlags.Contains(DisallowFlag)) return false;
        return content.CompatibilityFlags.Contains(AllowFlag)
            || content.CompatibilityDate is { } date && string.CompareOrdinal(date, FromDate) >= 0;
    }
}
