namespace Switchyard.Storage.Kv;

/// <summary>
/// Every KV error, in one place. Codes are Cloudflare's KV error table (as published in cloudflare-php's
/// KeyValueException and other API clients): 10007 malformed page, 10008 malformed per_page, 10009 key not found,
/// 10011 malformed namespace ID, 10012 malformed value, 10013 namespace not found, 10014 namespace already exists,
/// 10018 too many namespaces, 10019 missing title, 10024 payload too large, 10028 invalid limit, 10029 invalid request,
/// 10030 key too long, 10033 invalid expiration, 10034 invalid expiration ttl, 10041 invalid list-keys cursor,
/// 10042 illegal key name, 10043 invalid order, 10044 invalid direction, 10047 invalid metadata.
/// Messages of 10009, 10013 and 10014 are the ones wrangler prints against Cloudflare; the key, expiration and
/// metadata messages are the KV runtime's (as miniflare reproduces them). Not verified against Cloudflare, and chosen
/// here: metadata over 1024 bytes is TooLarge/10024 (a payload size, like an oversized value), an undecodable key in the
/// path is 10042, and malformed request bodies (JSON, multipart, bulk items) are 10029.
/// </summary>
public static class KvErrors
{
    public static KvException KeyNotFound(string operation = "get") => new(KvRefusal.NotFound, 10009, $"{operation}: 'key not found'");
    public static KvException NamespaceNotFound(string operation) => new(KvRefusal.NotFound, 10013, $"{operation}: 'namespace not found'");
    public static KvException MalformedNamespaceId(string id) =>
        new(KvRefusal.Invalid, 10011, $"'{id}' is not a valid namespace ID; expected 32 hexadecimal characters");

    public static KvException TitleTaken() => new(KvRefusal.Invalid, 10014, "a namespace with this account ID and title already exists");
    public static KvException MissingTitle() => new(KvRefusal.Invalid, 10019, "missing title: a namespace needs a non-empty 'title'");
    public static KvException TitleHasNul() => new(KvRefusal.Invalid, 10019, "invalid title: a namespace title must not contain U+0000");
    public static KvException TitleTooLong(int max) => new(KvRefusal.Invalid, 10029, $"title must be at most {max} characters");
    public static KvException TooManyNamespaces(int max) => new(KvRefusal.Invalid, 10018, $"too many namespaces in this account (the limit is {max})");

    public static KvException EmptyKey() => new(KvRefusal.Invalid, 10042, "Key names must not be empty");
    public static KvException IllegalKey(string key) => new(KvRefusal.Invalid, 10042, $"Illegal key name \"{key}\". Please use a different name.");
    public static KvException UndecodableKey() => new(KvRefusal.Invalid, 10042, "Could not URL-decode key name");
    public static KvException KeyTooLong(int bytes, int max) =>
        new(KvRefusal.KeyTooLong, 10030, $"UTF-8 encoded length of {bytes} exceeds key length limit of {max}.");

    public static KvException ValueTooLarge(long bytes, long max) => new(KvRefusal.TooLarge, 10024, $"Value length of {bytes} exceeds limit of {max}.");
    public static KvException MalformedValue(string message) => new(KvRefusal.Invalid, 10012, message);
    public static KvException MetadataTooLarge(int bytes, int max) => new(KvRefusal.TooLarge, 10024, $"Metadata length of {bytes} exceeds limit of {max}.");
    public static KvException InvalidMetadata(string detail) => new(KvRefusal.Invalid, 10047, $"Invalid metadata: {detail}");

    public static KvException InvalidExpiration(string raw, string rule) => new(KvRefusal.Invalid, 10033, $"Invalid expiration of {raw}. {rule}");
    public static KvException InvalidExpirationTtl(string raw, string rule) => new(KvRefusal.Invalid, 10034, $"Invalid expiration_ttl of {raw}. {rule}");

    public static KvException InvalidLimit(string raw, int min, int max) =>
        new(KvRefusal.Invalid, 10028, $"Invalid limit of {raw}. Please specify an integer between {min} and {max}.");
    public static KvException InvalidCursor() => new(KvRefusal.Invalid, 10041, "Invalid \"list keys\" cursor");
    public static KvException InvalidOrder(string raw) => new(KvRefusal.Invalid, 10043, $"Invalid order '{raw}'; expected 'id' or 'title'");
    public static KvException InvalidDirection(string raw) => new(KvRefusal.Invalid, 10044, $"Invalid direction '{raw}'; expected 'asc' or 'desc'");
    public static KvException MalformedPage(string raw) => new(KvRefusal.Invalid, 10007, $"malformed page argument '{raw}'; expected a positive integer");
    public static KvException MalformedPerPage(string raw, int max) =>
        new(KvRefusal.Invalid, 10008, $"malformed per_page argument '{raw}'; expected an integer between 1 and {max}");

    public static KvException InvalidRequest(string message) => new(KvRefusal.Invalid, 10029, message);
    public static KvException PayloadTooLarge(long max) => new(KvRefusal.TooLarge, 10024, $"Request body exceeds the limit of {max} bytes");
}
