namespace Switchyard.Engine.Modules;

/// <summary>An evaluated module of a context; its namespace handle lives as long as the context.</summary>
public sealed class JsModule
{
    internal JsModule(JsContext context, string name, JsValue @namespace)
    {
        Context = context;
        Name = name;
        Namespace = @namespace;
    }

    public JsContext Context { get; }
    public string Name { get; }

    /// <summary>The module namespace object (its exports).</summary>
    public JsValue Namespace { get; }

    /// <summary>An export's value (inside the isolate); "default" for the default export.</summary>
    public JsValue GetExport(string name) => Context.Get(Namespace, name);
}
