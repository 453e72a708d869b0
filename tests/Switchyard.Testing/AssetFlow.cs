using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Storage.Assets;

namespace Switchyard.Testing;

/// <summary>A file of an assets directory as wrangler sees it: manifest path, bytes and hash.</summary>
public sealed record AssetFile(string Path, byte[] Content)
{
    public AssetFile(string path, string text) : this(path, Encoding.UTF8.GetBytes(text)) { }

    /// <summary>
    /// wrangler hashes <c>base64(bytes) + extension</c> with BLAKE3 and keeps 32 hex characters; SHA-256 over the same
    /// input gives the same shape and the same properties (content- and extension-sensitive), which is all a server sees.
    /// </summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Convert.ToBase64String(Content) + Extension)))[..32];

    public string Extension => System.IO.Path.GetExtension(Path).TrimStart('.');

    /// <summary>The part Content-Type wrangler sends: the mime type of the extension, or application/null when unknown.</summary>
    public string WranglerContentType => ContentTypes.FromPath(Path) ?? ContentTypes.Unknown;
}

/// <summary>Client side of the asset upload flow, shaped like wrangler's and the SDK's requests.</summary>
public static class AssetFlow
{
    public static object Manifest(IEnumerable<AssetFile> files) =>
        new { manifest = files.ToDictionary(f => f.Path, f => new { hash = f.Hash, size = f.Content.Length }) };

    public static async Task<(string Jwt, List<List<string>> Buckets)> StartSessionAsync(HttpClient api, string accountPath,
        IEnumerable<AssetFile> files, string? dispatchNamespace = null, string script = "site")
    {
        var result = (await api.SendJsonAsync(HttpMethod.Post, SessionPath(accountPath, script, dispatchNamespace), Manifest(files)))
            .AssertOk()!;
        var buckets = result["buckets"]!.AsArray().Select(b => b!.AsArray().Select(h => (string)h!).ToList()).ToList();
        return ((string)result["jwt"]!, buckets);
    }

    public static string SessionPath(string accountPath, string script = "site", string? dispatchNamespace = null) =>
        dispatchNamespace is null
            ? $"{accountPath}/workers/scripts/{script}/assets-upload-session"
            : $"{accountPath}/workers/dispatch/namespaces/{dispatchNamespace}/scripts/{script}/assets-upload-session";

    /// <summary>wrangler's bulk form: <c>name=hash; filename=hash</c>, the file's Content-Type, base64 body.</summary>
    public static MultipartFormDataContent WranglerBucket(IEnumerable<AssetFile> files)
    {
        var form = new MultipartFormDataContent();
        foreach (var file in files)
        {
            var part = new ByteArrayContent(Encoding.ASCII.GetBytes(Convert.ToBase64String(file.Content)));
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.WranglerContentType);
            form.Add(part, file.Hash, file.Hash);
        }
        return form;
    }

    /// <summary>The SDK's form: plain fields named by hash, no filename and no Content-Type.</summary>
    public static MultipartFormDataContent SdkFields(IEnumerable<AssetFile> files)
    {
        var form = new MultipartFormDataContent();
        foreach (var file in files)
            form.Add(new ByteArrayContent(Encoding.ASCII.GetBytes(Convert.ToBase64String(file.Content))), file.Hash);
        return form;
    }

    public static Task<ApiResponse> UploadAsync(HttpClient uploader, string accountPath, HttpContent form, bool base64 = true) =>
        uploader.SendApiAsync(HttpMethod.Post, $"{accountPath}/workers/assets/upload" + (base64 ? "?base64=true" : ""), form);

    /// <summary>Uploads every bucket as wrangler does and returns the completion JWT of the last answer.</summary>
    public static async Task<string> UploadBucketsAsync(TestServer server, string accountPath, string uploadJwt,
        List<List<string>> buckets, IEnumerable<AssetFile> files)
    {
        var byHash = files.GroupBy(f => f.Hash).ToDictionary(g => g.Key, g => g.First());
        using var uploader = server.CreateApiClient(uploadJwt);
        string? completion = null;
        for (var i = 0; i < buckets.Count; i++)
        {
            var response = await UploadAsync(uploader, accountPath, WranglerBucket(buckets[i].Select(h => byHash[h])));
            var last = i == buckets.Count - 1;
            var result = response.AssertOk(last ? System.Net.HttpStatusCode.Created : System.Net.HttpStatusCode.Accepted)!;
            if (last) completion = (string)result["jwt"]!;
            else Xunit.Assert.Empty(result.AsObject());
        }
        return completion!;
    }

    public static JsonObject Payload(string jwt) => JsonNode.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[1]))!.AsObject();

    /// <summary>How many uploaded-asset rows and upload sessions exist, and how many blobs: "nothing was stored" checks.</summary>
    public static (long Assets, long Sessions, int Blobs) Counts(TestServer server)
    {
        using var connection = server.SqliteDatabase.Open();
        long Count(string table)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM {table}";
            return (long)command.ExecuteScalar()!;
        }
        var blobRoot = Path.Combine(server.DataDir, "blobs");
        var blobs = Directory.EnumerateFiles(blobRoot, "*", SearchOption.AllDirectories)
            .Count(f => !Path.GetRelativePath(blobRoot, f).StartsWith("tmp"));
        return (Count("uploaded_assets"), Count("asset_upload_sessions"), blobs);
    }
}
