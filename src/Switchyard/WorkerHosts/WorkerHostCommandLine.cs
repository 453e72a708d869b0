namespace Switchyard.WorkerHosts;

/// <summary>How this server starts its worker hosts: the same executable, however this process was started.</summary>
internal static class WorkerHostCommandLine
{
    /// <summary>The apphost itself, or (under <c>dotnet</c>, as in tests) the dotnet host with this assembly.</summary>
    public static IReadOnlyList<string> Current()
    {
        string assembly = typeof(WorkerHostCommandLine).Assembly.Location;
        string? process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == Path.GetFileNameWithoutExtension(assembly)) return [process];
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")
            ?? (process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet");
        return [dotnet, assembly];
    }
}
