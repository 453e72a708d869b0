using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using Switchyard.Engine;

namespace Switchyard.Cli;

/// <summary><c>--version</c>: Switchyard's version and the V8 it runs workers on (<c>v8::V8::GetVersion()</c>).</summary>
public sealed class VersionAction : SynchronousCommandLineAction
{
    public static void Install(RootCommand root)
    {
        foreach (var option in root.Options.OfType<VersionOption>()) option.Action = new VersionAction();
    }

    public static string Text()
    {
        var assembly = typeof(VersionAction).Assembly;
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                         ?? assembly.GetName().Version?.ToString() ?? "unknown";
        return $"Switchyard {version}\nV8 {JsEngine.V8Version}";
    }

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Text());
        return 0;
    }
}
