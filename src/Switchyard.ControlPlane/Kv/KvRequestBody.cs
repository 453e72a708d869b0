using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Switchyard.Storage.Kv;

namespace Switchyard.ControlPlane.Kv;

/// <summary>
/// Reads KV request bodies within Cloudflare's limits: a value as raw bytes or as the <c>value</c> and <c>metadata</c>
/// parts of a multipart form, and JSON bodies (namespace titles, bulk arrays) up to 100 MB.
/// </summary>
internal static class KvRequestBody
{
    public const long MaxJsonBytes = 100L * 1000 * 1000;
    // A multipart body carries at most a full value plus metadata, part headers and boundaries.
    private const long MaxMultipartBytes = KvRules.MaxValueBytes + 64 * 1024;
    private const int MaxMetadataPartBytes = 64 * 1024;

    /// <summary>A single value write: the raw body, or the parts of a <c>multipart/form-data</c> body.</summary>
    public static async Task<(byte[] Value, string? Metadata)> ReadValueAsync(HttpRequest request, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return (await ReadLimitedAsync(request.Body, request.ContentLength, KvRules.MaxValueBytes,
                size => KvErrors.ValueTooLarge(size, KvRules.MaxValueBytes), ct), null);

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary)) throw KvErrors.InvalidRequest("The multipart body has no boundary in its Content-Type");
        if (request.ContentLength > MaxMultipartBytes) throw KvErrors.ValueTooLarge(request.ContentLength.Value, KvRules.MaxValueBytes);

        byte[]? value = null;
        string? metadata = null;
        try
        {
            var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = MaxMultipartBytes };
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                var name = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    ? HeaderUtilities.RemoveQuotes(disposition.Name).Value : null;
                if (name == "value")
                    value = await ReadLimitedAsync(section.Body, null, KvRules.MaxValueBytes,
                        size => KvErrors.ValueTooLarge(size, KvRules.MaxValueBytes), ct);
                else if (name == "metadata")
                    metadata = Encoding.UTF8.GetString(await ReadLimitedAsync(section.Body, null, MaxMetadataPartBytes,
                        size => KvErrors.MetadataTooLarge((int)Math.Min(size, int.MaxValue), KvRules.MaxMetadataBytes), ct));
                else
                    await section.Body.CopyToAsync(Stream.Null, ct);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !ct.IsCancellationRequested)
        {
            throw KvErrors.InvalidRequest($"Could not parse the multipart body: {e.Message}");
        }
        if (value is null) throw KvErrors.MalformedValue("The multipart body has no 'value' part");
        return (value, metadata);
    }

    /// <summary>Parses a JSON body; empty, malformed or oversized bodies are refused with KV's codes.</summary>
    public static async Task<JsonElement> ReadJsonAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        var bytes = await ReadLimitedAsync(request.Body, request.ContentLength, maxBytes, _ => KvErrors.PayloadTooLarge(maxBytes), ct);
        if (bytes.Length == 0) throw KvErrors.InvalidRequest("The request body is empty; expected JSON");
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw KvErrors.InvalidRequest($"Could not parse the request body as JSON: {e.Message}");
        }
    }

    /// <summary>
    /// Reads a whole stream of at most <paramref name="max"/> bytes. Beyond that, the rest is counted without being kept
    /// so that the error can name the real size.
    /// </summary>
    private static async Task<byte[]> ReadLimitedAsync(Stream body, long? declaredLength, long max, Func<long, KvException> tooLarge,
        CancellationToken ct)
    {
        if (declaredLength > max) throw tooLarge(declaredLength.Value);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            total += read;
            if (total <= max) buffer.Write(chunk, 0, read);
        }
        return total > max ? throw tooLarge(total) : buffer.ToArray();
    }
}
