using System.Security.Cryptography;
using System.Text;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Routing;

/// <summary>
/// Which version of a gradually deployed script serves a request, as on Cloudflare: a
/// <c>Cloudflare-Workers-Version-Overrides</c> header naming the script (<c>my-worker="&lt;version id&gt;"</c>, a
/// structured-header dictionary) pins a version of the deployment; a <c>Cloudflare-Workers-Version-Key</c> keeps every
/// request with the same key on one version (the key is hashed onto the percentages); otherwise each request draws
/// at random by the percentages. A script deployed to one version always gets that version.
/// </summary>
public static class VersionRouting
{
    public const string OverridesHeader = "Cloudflare-Workers-Version-Overrides";
    public const string KeyHeader = "Cloudflare-Workers-Version-Key";

    /// <param name="header">Reads a request header by name (null when absent).</param>
    public static string Choose(WorkerRef worker, Func<string, string?> header)
    {
        if (worker.Traffic is not { Count: > 1 } traffic) return worker.VersionId;
        if (header(OverridesHeader) is { Length: > 0 } overrides && Override(overrides, worker.ScriptName) is { } pinned
            && traffic.Any(v => v.VersionId == pinned))
            return pinned;
        // A point in [0, 10000): from the key's hash when there is one, so the same key always lands on the same version.
        int point = header(KeyHeader) is { Length: > 0 } key
            ? (int)(BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0) % 10_000)
            : Random.Shared.Next(10_000);
        int cumulative = 0;
        foreach (var version in traffic)
        {
            cumulative += version.Percentage * 100;
            if (point < cumulative) return version.VersionId;
        }
        return traffic[^1].VersionId;
    }

    /// <summary>The version id a structured-header dictionary (<c>a="v1", b="v2"</c>) gives <paramref name="script"/>, or null.</summary>
    private static string? Override(string dictionary, string script)
    {
        foreach (string member in dictionary.Split(','))
        {
            int equals = member.IndexOf('=');
            if (equals <= 0) continue;
            if (!member[..equals].Trim().Equals(script, StringComparison.Ordinal)) continue;
            string value = member[(equals + 1)..].Trim();
            int parameters = value.IndexOf(';');
            if (parameters >= 0) value = value[..parameters].Trim();
            return value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
        }
        return null;
    }
}
