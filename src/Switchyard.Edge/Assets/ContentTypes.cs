using System.Collections.Frozen;

namespace Switchyard.Edge.Assets;

/// <summary>
/// Content types by file extension, for assets uploaded without one (the SDK's plain form fields carry none).
/// wrangler names types the same way before uploading: the extension's MIME type, with <c>; charset=utf-8</c> for
/// <c>text/*</c>; an unknown extension gets no Content-Type at all (wrangler sends <c>application/null</c>).
/// </summary>
public static class ContentTypes
{
    /// <summary>The value wrangler sends for "no content type".</summary>
    public const string None = "application/null";

    private static readonly FrozenDictionary<string, string> ByExtension = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["html"] = "text/html", ["htm"] = "text/html", ["shtml"] = "text/html",
        ["css"] = "text/css", ["js"] = "text/javascript", ["mjs"] = "text/javascript", ["cjs"] = "application/node",
        ["json"] = "application/json", ["map"] = "application/json", ["jsonld"] = "application/ld+json",
        ["webmanifest"] = "application/manifest+json", ["txt"] = "text/plain", ["text"] = "text/plain",
        ["md"] = "text/markdown", ["markdown"] = "text/markdown", ["csv"] = "text/csv", ["xml"] = "application/xml",
        ["xsl"] = "application/xml", ["rss"] = "application/rss+xml", ["atom"] = "application/atom+xml",
        ["yaml"] = "text/yaml", ["yml"] = "text/yaml", ["toml"] = "application/toml", ["ics"] = "text/calendar",
        ["vtt"] = "text/vtt", ["wasm"] = "application/wasm", ["pdf"] = "application/pdf",
        ["svg"] = "image/svg+xml", ["svgz"] = "image/svg+xml", ["png"] = "image/png", ["apng"] = "image/apng",
        ["jpg"] = "image/jpeg", ["jpeg"] = "image/jpeg", ["gif"] = "image/gif", ["webp"] = "image/webp",
        ["avif"] = "image/avif", ["ico"] = "image/vnd.microsoft.icon", ["bmp"] = "image/bmp", ["tif"] = "image/tiff",
        ["tiff"] = "image/tiff", ["jxl"] = "image/jxl", ["heic"] = "image/heic",
        ["woff"] = "font/woff", ["woff2"] = "font/woff2", ["ttf"] = "font/ttf", ["otf"] = "font/otf",
        ["eot"] = "application/vnd.ms-fontobject",
        ["mp3"] = "audio/mpeg", ["wav"] = "audio/wav", ["ogg"] = "audio/ogg", ["oga"] = "audio/ogg",
        ["opus"] = "audio/ogg", ["flac"] = "audio/flac", ["m4a"] = "audio/mp4", ["aac"] = "audio/aac",
        ["mp4"] = "video/mp4", ["m4v"] = "video/mp4", ["webm"] = "video/webm", ["ogv"] = "video/ogg",
        ["mov"] = "video/quicktime", ["mpeg"] = "video/mpeg", ["mpg"] = "video/mpeg",
        ["zip"] = "application/zip", ["gz"] = "application/gzip", ["tar"] = "application/x-tar",
        ["br"] = "application/x-brotli", ["7z"] = "application/x-7z-compressed",
        ["bin"] = "application/octet-stream", ["exe"] = "application/octet-stream",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The Content-Type for a path by its extension, or null when the extension is unknown.</summary>
    public static string? ForPath(string path)
    {
        var name = path.AsSpan(path.LastIndexOf('/') + 1);
        var dot = name.LastIndexOf('.');
        if (dot < 0) return null;
        var lookup = ByExtension.GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.TryGetValue(name[(dot + 1)..], out var type) ? WithCharset(type) : null;
    }

    /// <summary>The Content-Type to serve for an asset: the one it was uploaded with, else the extension's.</summary>
    public static string? Resolve(string path, string? uploaded) =>
        string.IsNullOrWhiteSpace(uploaded) || uploaded.Equals(None, StringComparison.OrdinalIgnoreCase)
            ? ForPath(path)
            : uploaded;

    private static string WithCharset(string type) =>
        type.StartsWith("text/", StringComparison.Ordinal) ? type + "; charset=utf-8" : type;
}
