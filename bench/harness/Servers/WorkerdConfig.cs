using System.Text;

namespace Switchyard.Bench.Servers;

/// <summary>
/// Writes a workerd Cap'n Proto config: worker services (one ES module each, embedded from a copy beside the
/// config), disk services, and one loopback HTTP socket per served service.
/// </summary>
public sealed class WorkerdConfig
{
    private readonly List<string> _services = [];
    private readonly List<string> _sockets = [];
    private readonly Dictionary<string, string> _modules = [];

    /// <summary>A worker service; <paramref name="bindings"/> are capnp binding literals, e.g. <c>(name = "KV", kvNamespace = "kv")</c>.</summary>
    public WorkerdConfig Worker(string name, string code, params string[] bindings)
    {
        var file = $"{name}.js";
        _modules[file] = code;
        _services.Add($"(name = \"{name}\", worker = (modules = [(name = \"index.js\", esModule = embed \"{file}\")], " +
                      $"compatibilityDate = \"2025-06-01\", bindings = [{string.Join(", ", bindings)}]))");
        return this;
    }

    /// <summary>A read-only disk service: workerd's built-in static file server over a directory.</summary>
    public WorkerdConfig Disk(string name, string path)
    {
        _services.Add($"(name = \"{name}\", disk = (path = \"{path}\", writable = false))");
        return this;
    }

    public WorkerdConfig Socket(string service, int port)
    {
        _sockets.Add($"(name = \"{service}\", address = \"127.0.0.1:{port}\", http = (), service = \"{service}\")");
        return this;
    }

    public IReadOnlyCollection<int> Ports => _sockets.Select(s => int.Parse(s.Split("127.0.0.1:")[1].Split('"')[0])).ToList();

    /// <summary>Writes config.capnp and the module files into <paramref name="dir"/>; returns the config's path.</summary>
    public string WriteTo(string dir)
    {
        Directory.CreateDirectory(dir);
        foreach (var (file, code) in _modules) File.WriteAllText(Path.Combine(dir, file), code);
        var text = new StringBuilder()
            .AppendLine("using Workerd = import \"/workerd/workerd.capnp\";")
            .AppendLine("const config :Workerd.Config = (")
            .AppendLine("  services = [").AppendJoin(",\n", _services.Select(s => "    " + s)).AppendLine("\n  ],")
            .AppendLine("  sockets = [").AppendJoin(",\n", _sockets.Select(s => "    " + s)).AppendLine("\n  ]")
            .AppendLine(");");
        var path = Path.Combine(dir, "config.capnp");
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
