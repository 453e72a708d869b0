using System.Collections.Frozen;

namespace Switchyard.Storage.Assets;

/// <summary>
/// Content types of static assets, shared by the upload API (files sent without a type) and the edge (serving).
/// Follows wrangler: the type comes from the file extension, <c>text/*</c> gets <c>; charset=utf-8</c>, and
/// <c>application/null</c> (wrangler's "unknown") means no type at all.
/// </summary>
public static class ContentTypes
{
    /// <summary>The placeholder wrangler sends for files whose type it does not know.</summary>
    public const string Unknown = "application/null";

    private static readonly FrozenDictionary<string, string> ByExtension = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        // documents and code
        ["html"] = "text/html", ["htm"] = "text/html", ["shtml"] = "text/html", ["css"] = "text/css",
        ["js"] = "text/javascript", ["mjs"] = "text/javascript", ["cjs"] = "text/javascript",
        ["json"] = "application/json", ["map"] = "application/json", ["jsonld"] = "application/ld+json",
        ["webmanifest"] = "application/manifest+json", ["txt"] = "text/plain", ["text"] = "text/plain",
        ["md"] = "text/markdown", ["markdown"] = "text/markdown", ["ics"] = "text/calendar", ["xsl"] = "application/xml",
        ["csv"] = "text/csv", ["xml"] = "application/xml", ["rss"] = "application/rss+xml", ["atom"] = "application/atom+xml",
        ["yaml"] = "application/yaml", ["yml"] = "application/yaml", ["toml"] = "application/toml",
        ["pdf"] = "application/pdf", ["wasm"] = "application/wasm",
        // images
        ["svg"] = "image/svg+xml", ["svgz"] = "image/svg+xml", ["png"] = "image/png", ["apng"] = "image/apng", ["jpg"] = "image/jpeg", ["jpeg"] = "image/jpeg",
        ["gif"] = "image/gif", ["webp"] = "image/webp", ["avif"] = "image/avif", ["ico"] = "image/x-icon", ["bmp"] = "image/bmp",
        ["tif"] = "image/tiff", ["tiff"] = "image/tiff", ["jxl"] = "image/jxl", ["heic"] = "image/heic",
        // fonts
        ["woff"] = "font/woff", ["woff2"] = "font/woff2", ["ttf"] = "font/ttf", ["otf"] = "font/otf",
        ["eot"] = "application/vnd.ms-fontobject",
        // audio and video
        ["mp4"] = "video/mp4", ["m4v"] = "video/mp4", ["mpeg"] = "video/mpeg", ["mpg"] = "video/mpeg", ["webm"] = "video/webm", ["ogv"] = "video/ogg", ["mov"] = "video/quicktime",
        ["mp3"] = "audio/mpeg", ["wav"] = "audio/wav", ["ogg"] = "audio/ogg", ["oga"] = "audio/ogg", ["flac"] = "audio/flac", ["opus"] = "audio/ogg",
        ["m4a"] = "audio/mp4", ["aac"] = "audio/aac", ["vtt"] = "text/vtt",
        // archives
        ["zip"] = "application/zip", ["gz"] = "application/gzip", ["tgz"] = "application/gzip", ["tar"] = "application/x-tar",
        ["br"] = "application/x-brotli", ["7z"] = "application/x-7z-compressed",
        // binaries
        ["bin"] = "application/octet-stream", ["exe"] = "application/octet-stream",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The type for a path's extension (<c>text/*</c> with charset), or null when the extension is unknown.</summary>
    public static string? FromPath(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        var dot = name.LastIndexOf('.');
        if (dot < 0 || dot == name.Length - 1) return null;
        return ByExtension.TryGetValue(name[(dot + 1)..], out var type) ? WithCharset(type) : null;
    }

    /// <summary>A declared type as it should be served: null for none or <see cref="Unknown"/>, <c>text/*</c> with charset.</summary>
    public static string? Normalize(string? declared)
    {
        var type = declared?.Trim();
        if (string.IsNullOrEmpty(type) || type.Equals(Unknown, StringComparison.OrdinalIgnoreCase)) return null;
        return WithCharset(type);
    }

    /// <summary>The declared type if there is one, otherwise the one inferred from <paramref name="path"/>.</summary>
    public static string? Resolve(string? declared, string path) => Normalize(declared) ?? FromPath(path);

    private static string WithCharset(string type) =>
        type.StartsWith("text/", StringComparison.OrdinalIgnoreCase) && !type.Contains("charset", StringComparison.OrdinalIgnoreCase)
            ? type + "; charset=utf-8"
            : type;
}
