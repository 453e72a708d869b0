using Npgsql;

namespace Switchyard.Storage.Postgres;

internal static class PostgresErrors
{
    /// <summary>Runs <paramref name="write"/>, turning a UNIQUE violation into <see cref="NameConflictException"/>.</summary>
    public static T OnUniqueViolation<T>(Func<T> write, string conflictMessage)
    {
        try { return write(); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new NameConflictException(conflictMessage);
        }
    }

    /// <summary><see cref="OnUniqueViolation{T}"/> for asynchronous work.</summary>
    public static async Task<T> OnUniqueViolationAsync<T>(Func<Task<T>> write, string conflictMessage)
    {
        try { return await write(); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new NameConflictException(conflictMessage);
        }
    }
}
