using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Switchyard.ControlPlane.Api;

namespace Switchyard.ControlPlane.Assets;

/// <summary>
/// Reads the files out of an asset upload request. Bulk form (wrangler): multipart with one part per file,
/// <c>name=&lt;hash&gt;; filename=&lt;hash&gt;</c> and the file's Content-Type; SDK form: plain fields named by hash,
/// without filename or type. Single form: the raw body of one file. With <c>?base64=true</c> bodies are base64 text.
/// </summary>
public static class UploadRequest
{
    public static async Task<List<UploadedAsset>> ReadMultipartAsync(HttpRequest request, AssetUploadOptions options, CancellationToken ct)
    {
        var base64 = IsBase64(request);
        LimitBody(request, options.MaxUploadRequestBytes);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Length == 0)
            throw AssetErrors.Invalid($"Asset uploads must be multipart/form-data with one part per file hash, not '{request.ContentType}'");

        var reader = new MultipartReader(HeaderUtilities.RemoveQuotes(type.Boundary).ToString(), request.Body)
        {
            BodyLengthLimit = options.MaxUploadRequestBytes,
        };
        var files = new List<UploadedAsset>();
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                var disposition = section.GetContentDispositionHeader();
                var hash = HeaderUtilities.RemoveQuotes(disposition?.Name ?? default).ToString();
                if (disposition is null || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase) || hash.Length == 0)
                    throw AssetErrors.Invalid("Every part of an asset upload must be form-data named by the hash of its file");
                // A file part carries its type (application/null: none); a plain field (the SDK's form) never does.
                var declared = disposition.IsFileDisposition() ? CheckContentType(section.ContentType, hash) : null;
                using var content = new MemoryStream();
                await section.Body.CopyToAsync(content, ct);
                files.Add(new UploadedAsset(hash, Decode(content.ToArray(), base64, hash), declared));
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException && e is not BadHttpRequestException)
        {
            throw AssetErrors.Invalid($"The multipart body is malformed: {e.Message}");
        }
        return files;
    }

    public static async Task<UploadedAsset> ReadSingleAsync(HttpRequest request, string hash, AssetUploadOptions options, CancellationToken ct)
    {
        var base64 = IsBase64(request);
        var declared = CheckContentType(request.ContentType, hash);
        // base64 text is a third longer than the file it carries.
        var body = await RequestBody.ReadBytesAsync(request, base64 ? options.MaxFileSize / 3 * 4 + 4 : options.MaxFileSize, ct);
        return new UploadedAsset(hash, Decode(body, base64, hash), declared);
    }

    private static bool IsBase64(HttpRequest request) => request.Query["base64"].ToString().ToLowerInvariant() switch
    {
        "" or "false" => false,
        "true" => true,
        var other => throw AssetErrors.Invalid($"The base64 query parameter must be true or false, not '{other}'"),
    };

    private static void LimitBody(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes)
            throw ApiException.TooLarge(10004, $"Request body of {request.ContentLength} bytes exceeds the limit of {maxBytes} bytes");
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes;
    }

    private static string? CheckContentType(string? declared, string hash) =>
        string.IsNullOrWhiteSpace(declared) || MediaTypeHeaderValue.TryParse(declared, out _)
            ? declared
            : throw AssetErrors.Invalid($"The file for hash {hash} has an invalid Content-Type '{declared}'");

    private static byte[] Decode(byte[] body, bool base64, string hash)
    {
        if (!base64) return body;
        try
        {
            return Convert.FromBase64String(Encoding.Latin1.GetString(body));
        }
        catch (FormatException)
        {
            throw AssetErrors.Invalid($"The file for hash {hash} is not valid base64");
        }
    }
}
