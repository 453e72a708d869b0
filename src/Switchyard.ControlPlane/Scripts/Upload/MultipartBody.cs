using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Switchyard.ControlPlane.Api;

namespace Switchyard.ControlPlane.Scripts.Upload;

/// <summary>
/// Parses multipart/form-data bodies of script uploads. The body is read whole (bounded) before anything is parsed,
/// so a connection cut mid-upload never reaches storage. The boundary comes from the Content-Type header or, because
/// the Cloudflare SDK sends multipart bodies labelled <c>application/javascript</c>, from the body's first line.
/// </summary>
public static class MultipartBody
{
    private const int MaxBoundaryLength = 200;

    /// <summary>The parts of <paramref name="body"/>, or null when it is not a multipart body at all.</summary>
    public static async Task<IReadOnlyList<FormPart>?> TryParseAsync(byte[] body, string? contentType, CancellationToken ct)
    {
        var boundary = BoundaryFromHeader(contentType) ?? SniffBoundary(body);
        if (boundary is null) return null;

        var reader = new MultipartReader(boundary, new MemoryStream(body, writable: false))
        {
            HeadersCountLimit = 32,
            HeadersLengthLimit = 16 * 1024,
            BodyLengthLimit = null, // the whole body is already bounded
        };
        var parts = new List<FormPart>();
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (parts.Count >= ScriptLimits.MaxModules + 64)
                    throw ScriptErrors.Invalid($"Too many parts in the multipart body (limit {ScriptLimits.MaxModules} modules)");
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ||
                    disposition is null || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase) ||
                    StringSegment.IsNullOrEmpty(disposition.Name))
                    throw ScriptErrors.Invalid("Every part of the multipart body needs 'Content-Disposition: form-data; name=\"…\"'");
                using var data = new MemoryStream();
                await section.Body.CopyToAsync(data, ct);
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                parts.Add(new FormPart(HeaderUtilities.RemoveQuotes(disposition.Name).Value!, string.IsNullOrEmpty(fileName) ? null : fileName,
                    section.ContentType, data.ToArray()));
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw ScriptErrors.Invalid($"Malformed multipart body: {e.Message}");
        }
        return parts;
    }

    private static string? BoundaryFromHeader(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media) ||
            !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return null;
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > MaxBoundaryLength)
            throw ScriptErrors.Invalid("multipart/form-data Content-Type without a valid boundary");
        return boundary;
    }

    /// <summary>
    /// A body that is multipart whatever its header says starts with <c>--boundary</c> + CRLF and ends its last part with
    /// <c>--boundary--</c>; code that merely begins with <c>--</c> does not.
    /// </summary>
    internal static string? SniffBoundary(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith("--"u8)) return null;
        var end = body[..Math.Min(body.Length, MaxBoundaryLength + 4)].IndexOf("\r\n"u8);
        if (end < 3) return null;
        var boundary = Encoding.ASCII.GetString(body[2..end]);
        if (boundary.Any(c => c <= ' ' || c > '~')) return null;
        return body.IndexOf(Encoding.ASCII.GetBytes("\r\n--" + boundary + "--")) > 0 ? boundary : null;
    }
}
