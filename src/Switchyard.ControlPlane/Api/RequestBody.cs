using System.Text.Json;

namespace Switchyard.ControlPlane.Api;

/// <summary>Reads request bodies with the API's own limits and error messages (never the framework's bare 400).</summary>
public static class RequestBody
{
    public const int DefaultJsonLimit = 10 * 1024 * 1024;

    /// <summary>Reads the whole body, refusing more than <paramref name="maxBytes"/> with a 413 envelope.</summary>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
            throw ApiException.TooLarge(10004, $"Request body of {request.ContentLength} bytes exceeds the limit of {maxBytes} bytes");
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                throw ApiException.TooLarge(10004, $"Request body exceeds the limit of {maxBytes} bytes");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>Parses a JSON body into <typeparamref name="T"/>; malformed or empty bodies give a precise 400.</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, CancellationToken ct, long maxBytes = DefaultJsonLimit)
    {
        var bytes = await ReadBytesAsync(request, maxBytes, ct);
        return ParseJson<T>(bytes);
    }

    public static T ParseJson<T>(ReadOnlySpan<byte> bytes, string what = "request body")
    {
        if (bytes.IsEmpty) throw ApiException.BadRequest(10026, $"The {what} is empty; expected a JSON value");
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, ApiJson.Options)
                   ?? throw ApiException.BadRequest(10026, $"The {what} must not be null");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest(10026, $"Could not parse the {what} as JSON: {e.Message}");
        }
    }
}
