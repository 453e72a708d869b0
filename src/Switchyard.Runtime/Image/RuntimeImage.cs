using Switchyard.Engine;
using Switchyard.Runtime.JsApi;

namespace Switchyard.Runtime.Image;

/// <summary>
/// The process-wide start-up snapshot every worker isolate is created from: the bootstrap scripts evaluated once over
/// the host function table. Host functions find their per-context state through <see cref="ContextRegistry"/>.
/// </summary>
internal static class RuntimeImage
{
    private static readonly Lazy<JsRuntimeImage> Image = new(() =>
        JsRuntimeImage.Create(HostFunctions.Create(), RuntimeScripts.Bootstrap, "switchyard-runtime.js"));

    public static JsRuntimeImage Instance => Image.Value;
}
