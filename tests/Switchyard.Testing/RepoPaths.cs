namespace Switchyard.Testing;

/// <summary>Where the repository and the shared reference folder beside it are, found from the test binaries.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The <c>shared/</c> folder that CI and developers keep beside the clone.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Switchyard.slnx")))
                return dir.FullName;
        throw new InvalidOperationException($"no Switchyard.slnx above {AppContext.BaseDirectory}");
    }
}
