namespace Switchyard.Storage.Scripts;

/// <summary>
/// One uploaded part of a worker version: its name (as imported, e.g. <c>index.js</c>, <c>lib/x.wasm</c>), the
/// content type it was uploaded with (kept verbatim), the blob holding its bytes and its size.
/// </summary>
public sealed record ScriptModule(string Name, string ContentType, string BlobKey, long Size)
{
    /// <summary>What the runtime makes of the part; derived from <see cref="ContentType"/>.</summary>
    public ModuleKind Kind => ModuleKinds.FromContentType(ContentType) ?? ModuleKind.Data;
}

public enum ModuleKind
{
    /// <summary><c>application/javascript+module</c>: an ES module.</summary>
    EsModule,
    /// <summary><c>application/javascript</c> or <c>text/javascript</c>: CommonJS, or the script of a service worker.</summary>
    CommonJs,
    /// <summary><c>text/plain</c>: imported as a string.</summary>
    Text,
    /// <summary><c>application/octet-stream</c>: imported as an ArrayBuffer.</summary>
    Data,
    /// <summary><c>application/wasm</c>: imported as a WebAssembly.Module.</summary>
    Wasm,
    /// <summary><c>application/json</c>: imported as the parsed value.</summary>
    Json,
    /// <summary><c>text/x-python</c>: a Python module.</summary>
    Python,
    /// <summary><c>application/source-map</c>: kept for stack traces, never imported.</summary>
    SourceMap,
}

public static class ModuleKinds
{
    /// <summary>The kind a content type (parameters such as <c>charset</c> ignored) denotes, or null when none does.</summary>
    public static ModuleKind? FromContentType(string contentType)
    {
        var media = contentType.Split(';', 2)[0].Trim().ToLowerInvariant();
        return media switch
        {
            "application/javascript+module" => ModuleKind.EsModule,
            "application/javascript" or "text/javascript" => ModuleKind.CommonJs,
            "text/plain" => ModuleKind.Text,
            "application/octet-stream" => ModuleKind.Data,
            "application/wasm" => ModuleKind.Wasm,
            "application/json" => ModuleKind.Json,
            "text/x-python" => ModuleKind.Python,
            "application/source-map" => ModuleKind.SourceMap,
            _ => null,
        };
    }
}
