using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Switchyard.Storage.Kv;

namespace Switchyard.ControlPlane.Kv;

/// <summary>
/// The key named by <c>…/{namespace_id}/values/{key}</c> (or <c>/metadata/{key}</c>). Clients percent-encode the key
/// (wrangler uses encodeURIComponent), and it must be decoded exactly once. The server's decoded path cannot be used:
/// it keeps <c>%2F</c> encoded but decodes <c>%25</c>, so the keys <c>a/b</c> and <c>a%2Fb</c> would look alike.
/// The key is therefore cut from the raw request target and decoded here, strictly as UTF-8.
/// </summary>
internal static class KvKeyPath
{
    public static string Read(HttpContext ctx, string namespaceId, string segment)
    {
        var target = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var path = target.AsSpan(0, target.IndexOf('?') is var q and >= 0 ? q : target.Length);
        var marker = $"/{namespaceId}/{segment}/";
        var at = path.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        if (at >= 0) return Decode(path[(at + marker.Length)..]);

        // A target that spells the fixed part of the path unusually (percent-encoded letters): fall back to the routed
        // value, in which the server decoded everything but '/'.
        var routed = (string?)ctx.Request.RouteValues["key"] ?? "";
        return routed.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
    }

    private static string Decode(ReadOnlySpan<char> raw)
    {
        var bytes = new List<byte>(raw.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%')
            {
                if (i + 2 >= raw.Length || !Uri.IsHexDigit(raw[i + 1]) || !Uri.IsHexDigit(raw[i + 2])) throw KvErrors.UndecodableKey();
                bytes.Add((byte)Convert.ToInt32(raw.Slice(i + 1, 2).ToString(), 16));
                i += 2;
            }
            else if (raw[i] < 0x80)
            {
                bytes.Add((byte)raw[i]);
            }
            else if (Rune.DecodeFromUtf16(raw[i..], out var rune, out var used) == System.Buffers.OperationStatus.Done)
            {
                bytes.AddRange(utf8[..rune.EncodeToUtf8(utf8)]);
                i += used - 1;
            }
            else
            {
                throw KvErrors.UndecodableKey();
            }
        }
        try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray()); }
        catch (DecoderFallbackException) { throw KvErrors.UndecodableKey(); }
    }
}
