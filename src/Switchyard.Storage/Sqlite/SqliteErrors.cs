using Microsoft.Data.Sqlite;

namespace Switchyard.Storage.Sqlite;

internal static class SqliteErrors
{
    private const int ConstraintUnique = 2067; // SQLITE_CONSTRAINT_UNIQUE (extended code)

    /// <summary>Runs <paramref name="write"/>, turning a UNIQUE violation into <see cref="NameConflictException"/>.</summary>
    public static T OnUniqueViolation<T>(Func<T> write, string conflictMessage)
    {
        try { return write(); }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == ConstraintUnique)
        {
            throw new NameConflictException(conflictMessage);
        }
    }
}
