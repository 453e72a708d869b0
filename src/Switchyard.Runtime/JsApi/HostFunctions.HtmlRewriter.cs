using System.Reflection;
using Switchyard.Engine;
using Switchyard.Runtime.Workers;

namespace Switchyard.Runtime.JsApi;

// HTMLRewriter: lol-html's WebAssembly (npm html-rewriter-wasm, embedded at build), compiled by the host the first
// time an isolate's worker makes a rewriter. The compile is charged to that invocation's CPU like its other work.
internal static partial class HostFunctions
{
    private static readonly Lazy<byte[]> HtmlRewriterWasm = new(() =>
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Switchyard.Runtime.html-rewriter.wasm")
            ?? throw new InvalidOperationException("The HTMLRewriter WebAssembly is not embedded in Switchyard.Runtime.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    });

    private static void AddHtmlRewriter(HostFunctionTable table) => table
        .Add("__sy_htmlRewriterModule", (c, _) => WorkerModules.CompileWasm(c, HtmlRewriterWasm.Value));
}
