using System.Reflection;

namespace Switchyard.Runtime.Image;

/// <summary>
/// The JavaScript every worker context starts with, embedded in this assembly: the host adapter, the Web platform
/// bundle (built from <c>js/</c> at build time) and the worker support layer, evaluated in that order.
/// </summary>
internal static class RuntimeScripts
{
    public static string Bootstrap { get; } = string.Join("\n;\n",
        Read("host-prelude.js"), Read("runtime.bundle.js"), Read("worker-support.js"));

    private static string Read(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Switchyard.Runtime." + name)
            ?? throw new InvalidOperationException($"The runtime script '{name}' is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
