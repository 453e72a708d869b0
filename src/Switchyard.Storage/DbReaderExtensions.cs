using System.Data.Common;

namespace Switchyard.Storage;

/// <summary>
/// Column reads both backends share: their readers are <see cref="DbDataReader"/>s, and both store a timestamp as unix
/// milliseconds in a 64-bit integer column.
/// </summary>
public static class DbReaderExtensions
{
    public static string? GetNullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTimeOffset GetTimestamp(this DbDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    /// <summary>Timestamps are stored as unix ms; values handed back right after a write must match what a read returns.</summary>
    public static DateTimeOffset TruncatedToMilliseconds(this DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}
