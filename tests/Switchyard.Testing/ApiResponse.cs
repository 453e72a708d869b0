using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Switchyard.Testing;

/// <summary>A parsed Cloudflare envelope plus the HTTP status, with assertions that print the body on failure.</summary>
public sealed record ApiResponse(HttpStatusCode Status, JsonObject Body, string Raw)
{
    public bool Success => Body["success"]?.GetValue<bool>() ?? false;
    public JsonNode? Result => Body["result"];
    public int? ErrorCode => Body["errors"]?.AsArray().FirstOrDefault()?["code"]?.GetValue<int>();
    public string? ErrorMessage => Body["errors"]?.AsArray().FirstOrDefault()?["message"]?.GetValue<string>();

    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response)
    {
        var raw = await response.Content.ReadAsStringAsync();
        JsonObject body;
        try { body = JsonNode.Parse(raw)?.AsObject() ?? throw new JsonException("null"); }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new Xunit.Sdk.XunitException($"expected a JSON envelope, got HTTP {(int)response.StatusCode}: {raw}");
        }
        return new ApiResponse(response.StatusCode, body, raw);
    }

    /// <summary>Asserts success with the given status and returns <c>result</c>.</summary>
    public JsonNode? AssertOk(HttpStatusCode status = HttpStatusCode.OK)
    {
        Assert.True(Success && Status == status, $"expected success with {(int)status}, got HTTP {(int)Status}: {Raw}");
        return Result;
    }

    /// <summary>Asserts a <c>success:false</c> envelope with this status and error code; returns the message.</summary>
    public string AssertError(HttpStatusCode status, int code)
    {
        Assert.True(!Success && Status == status && ErrorCode == code,
            $"expected error {code} with HTTP {(int)status}, got HTTP {(int)Status}: {Raw}");
        return ErrorMessage!;
    }
}

public static class ApiClientExtensions
{
    public static async Task<ApiResponse> SendApiAsync(this HttpClient client, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await client.SendAsync(request);
        return await ApiResponse.ReadAsync(response);
    }

    public static Task<ApiResponse> GetApiAsync(this HttpClient client, string path) => client.SendApiAsync(HttpMethod.Get, path);

    public static Task<ApiResponse> SendJsonAsync(this HttpClient client, HttpMethod method, string path, object body) =>
        client.SendApiAsync(method, path, JsonContent(body));

    public static StringContent JsonContent(object body) =>
        new(body as string ?? JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
