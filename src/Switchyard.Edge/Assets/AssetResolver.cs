namespace Switchyard.Edge.Assets;

/// <summary>What a decoded path means: a file to serve (with status 200, or 404 for a 404.html page), a canonical
/// path to redirect to, or nothing.</summary>
internal readonly record struct Intent(AssetEntry? Asset, int Status, string? Redirect)
{
    public static Intent Nothing => default;

    public bool Found => Asset is not null || Redirect is not null;

    public static Intent Serve(AssetEntry asset, int status = 200) => new(asset, status, null);

    public static Intent RedirectTo(string path) => new(null, 0, path);
}

/// <summary>
/// Finds the file for a decoded path under one html_handling mode, then applies not_found_handling, with
/// Cloudflare's rules: each mode serves a page at one spelling of its URL and redirects the others there.
/// A redirect is only made when the destination really resolves to the same file (compared by hash) and is not
/// itself a file, so rules can never loop. Lookups concatenate on the stack; strings are only made for redirects.
/// </summary>
internal sealed class AssetResolver(AssetManifest manifest, HtmlHandling mode)
{
    public Intent Resolve(ReadOnlySpan<char> path, NotFoundHandling notFound) => Resolve(path, notFound, redirects: true);

    private Intent Resolve(ReadOnlySpan<char> path, NotFoundHandling notFound, bool redirects) => mode switch
    {
        HtmlHandling.AutoTrailingSlash => AutoTrailingSlash(path, notFound, redirects),
        HtmlHandling.ForceTrailingSlash => ForceTrailingSlash(path, notFound, redirects),
        HtmlHandling.DropTrailingSlash => DropTrailingSlash(path, notFound, redirects),
        _ => manifest.Find(path) is { } exact ? Intent.Serve(exact) : NotFound(path, notFound),
    };

    private Intent AutoTrailingSlash(ReadOnlySpan<char> p, NotFoundHandling nf, bool redirects)
    {
        Intent r;
        var exact = manifest.Find(p);
        if (p.EndsWith("/index"))
        {
            if (exact is not null) return Intent.Serve(exact);
            // /foo/index → /foo/ when /foo/index.html exists; → /foo when /foo.html does.
            if ((r = SafeRedirect(p, ".html", p[..^"index".Length], "", nf, redirects)).Found) return r;
            if ((r = SafeRedirect(p[..^"/index".Length], ".html", p[..^"/index".Length], "", nf, redirects)).Found) return r;
        }
        else if (p.EndsWith("/index.html"))
        {
            if ((r = SafeRedirect(p, "", p[..^"index.html".Length], "", nf, redirects)).Found) return r;
            if ((r = SafeRedirect(p[..^"/index.html".Length], ".html", p[..^"/index.html".Length], "", nf, redirects)).Found) return r;
        }
        else if (p.EndsWith("/"))
        {
            if (manifest.Find(p, "index.html") is { } index) return Intent.Serve(index);
            if ((r = SafeRedirect(p[..^1], ".html", p[..^1], "", nf, redirects)).Found) return r;
        }
        else if (p.EndsWith(".html"))
        {
            if ((r = SafeRedirect(p, "", p[..^".html".Length], "", nf, redirects)).Found) return r;
            if ((r = SafeRedirect(p[..^".html".Length], "/index.html", p[..^".html".Length], "/", nf, redirects)).Found) return r;
        }

        if (exact is not null) return Intent.Serve(exact);
        if (manifest.Find(p, ".html") is { } html) return Intent.Serve(html);
        if ((r = SafeRedirect(p, "/index.html", p, "/", nf, redirects)).Found) return r;
        return NotFound(p, nf);
    }

    private Intent ForceTrailingSlash(ReadOnlySpan<char> p, NotFoundHandling nf, bool redirects)
    {
        Intent r;
        var exact = manifest.Find(p);
        if (p.EndsWith("/index"))
        {
            if (exact is not null) return Intent.Serve(exact);
            if ((r = SafeRedirect(p, ".html", p[..^"index".Length], "", nf, redirects)).Found) return r;
            if ((r = SafeRedirect(p[..^"/index".Length], ".html", p[..^"index".Length], "", nf, redirects)).Found) return r;
        }
        else if (p.EndsWith("/index.html"))
        {
            if ((r = SafeRedirect(p, "", p[..^"index.html".Length], "", nf, redirects)).Found) return r;
            if ((r = SafeRedirect(p[..^"/index.html".Length], ".html", p[..^"index.html".Length], "", nf, redirects)).Found) return r;
        }
        else if (p.EndsWith("/"))
        {
            if (manifest.Find(p, "index.html") is { } index) return Intent.Serve(index);
            if (manifest.Find(p[..^1], ".html") is { } html) return Intent.Serve(html);
        }
        else if (p.EndsWith(".html"))
        {
            if ((r = SafeRedirect(p, "", p[..^".html".Length], "/", nf, redirects)).Found) return r;
            // Both /foo.html and /foo/index.html exist: /foo/ is the folder, so /foo.html stays where it is.
            if (exact is not null) return Intent.Serve(exact);
            if ((r = SafeRedirect(p[..^".html".Length], "/index.html", p[..^".html".Length], "/", nf, redirects)).Found) return r;
        }

        if (exact is not null) return Intent.Serve(exact);
        if ((r = SafeRedirect(p, ".html", p, "/", nf, redirects)).Found) return r;
        if ((r = SafeRedirect(p, "/index.html", p, "/", nf, redirects)).Found) return r;
        return NotFound(p, nf);
    }

    private Intent DropTrailingSlash(ReadOnlySpan<char> p, NotFoundHandling nf, bool redirects)
    {
        Intent r;
        var exact = manifest.Find(p);
        if (p.EndsWith("/index"))
        {
            if (exact is not null) return Intent.Serve(exact);
            if (p is "/index")
            {
                // The root keeps its slash.
                if ((r = SafeRedirect("/index.html", "", "/", "", nf, redirects)).Found) return r;
            }
            else if ((r = SafeRedirect(p[..^"/index".Length], ".html", p[..^"/index".Length], "", nf, redirects)).Found) return r;
            else if ((r = SafeRedirect(p, ".html", p[..^"/index".Length], "", nf, redirects)).Found) return r;
        }
        else if (p.EndsWith("/index.html"))
        {
            if (p is "/index.html")
            {
                if ((r = SafeRedirect("/index.html", "", "/", "", nf, redirects)).Found) return r;
            }
            else if ((r = SafeRedirect(p, "", p[..^"/index.html".Length], "", nf, redirects)).Found) return r;
            // Both /foo.html and /foo/index.html exist: /foo is the file, so /foo/index.html stays where it is.
            else if (exact is not null) return Intent.Serve(exact);
            else if ((r = SafeRedirect(p[..^"/index.html".Length], ".html", p[..^"/index.html".Length], "", nf, redirects)).Found) return r;
        }
        else if (p.EndsWith("/"))
        {
            if (p is "/")
            {
                if (manifest.Find("/index.html") is { } root) return Intent.Serve(root);
            }
            else if ((r = SafeRedirect(p[..^1], ".html", p[..^1], "", nf, redirects)).Found) return r;
            else if ((r = SafeRedirect(p[..^1], "/index.html", p[..^1], "", nf, redirects)).Found) return r;
        }
        else if (p.EndsWith(".html"))
        {
            if ((r = SafeRedirect(p, "", p[..^".html".Length], "", nf, redirects)).Found) return r;
            if ((r = SafeRedirect(p[..^".html".Length], "/index.html", p[..^".html".Length], "", nf, redirects)).Found) return r;
        }

        if (exact is not null) return Intent.Serve(exact);
        if (manifest.Find(p, ".html") is { } html) return Intent.Serve(html);
        if (manifest.Find(p, "/index.html") is { } folder) return Intent.Serve(folder);
        return NotFound(p, nf);
    }

    private Intent NotFound(ReadOnlySpan<char> path, NotFoundHandling notFound)
    {
        switch (notFound)
        {
            case NotFoundHandling.SinglePageApplication:
                return manifest.Find("/index.html") is { } index ? Intent.Serve(index) : Intent.Nothing;
            case NotFoundHandling.NotFoundPage:
                // The nearest 404.html walking up from the requested path's folder to the root.
                var folder = path;
                while (!folder.IsEmpty)
                {
                    var slash = folder.LastIndexOf('/');
                    folder = slash < 0 ? folder[..^1] : folder[..slash];
                    if (manifest.Find(folder, "/404.html") is { } page) return Intent.Serve(page, 404);
                }
                return Intent.Nothing;
            default:
                return Intent.Nothing;
        }
    }

    /// <summary>
    /// Redirect to <c>destination</c> when the file <c>file</c> exists, no file sits at the destination itself, and
    /// resolving the destination (without further redirects) serves that same file.
    /// </summary>
    private Intent SafeRedirect(ReadOnlySpan<char> fileHead, ReadOnlySpan<char> fileTail,
        ReadOnlySpan<char> destinationHead, ReadOnlySpan<char> destinationTail, NotFoundHandling notFound, bool redirects)
    {
        if (!redirects) return Intent.Nothing;
        var file = manifest.Find(fileHead, fileTail);
        if (file is null || manifest.Find(destinationHead, destinationTail) is not null) return Intent.Nothing;
        var destination = string.Concat(destinationHead, destinationTail);
        var target = Resolve(destination, notFound, redirects: false);
        return target.Asset is { } asset && asset.Hash == file.Hash ? Intent.RedirectTo(destination) : Intent.Nothing;
    }
}
