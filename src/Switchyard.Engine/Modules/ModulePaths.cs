namespace Switchyard.Engine.Modules;

/// <summary>
/// How a worker's module specifiers name its files: paths are '/'-separated and normalised ("a/./b/../c.js" is
/// "a/c.js"), and "./" or "../" specifiers resolve against the importing module's directory. Shared by every resolver
/// so that a worker's imports mean the same thing wherever its modules are loaded.
/// </summary>
public static class ModulePaths
{
    /// <summary>The module path <paramref name="specifier"/> names when imported from <paramref name="referrer"/>.</summary>
    public static string Resolve(string specifier, string? referrer)
    {
        bool relative = specifier.StartsWith("./", StringComparison.Ordinal) || specifier.StartsWith("../", StringComparison.Ordinal);
        return relative && referrer is not null ? Normalize(Directory(referrer) + "/" + specifier) : Normalize(specifier);
    }

    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (string part in path.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); }
            else parts.Add(part);
        }
        return string.Join('/', parts);
    }

    private static string Directory(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }
}
