using System.Buffers.Text;
using System.Text;

namespace Switchyard.Storage.Kv;

/// <summary>
/// The opaque list cursor: the last key of the previous page, base64url-encoded. Listing resumes strictly after it,
/// so keys written or deleted between pages never make a page repeat or skip a key that existed throughout.
/// </summary>
public static class KvCursor
{
    public static string Encode(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastKey));

    public static string Decode(string cursor)
    {
        try
        {
            var key = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(cursor));
            if (key.Length == 0) throw KvErrors.InvalidCursor();
            return key;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw KvErrors.InvalidCursor();
        }
    }
}
