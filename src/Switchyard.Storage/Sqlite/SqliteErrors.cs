using Microsoft.Data.Sqlite;

namespace Switchyard.Storage.Sqlite;

internal static class SqliteErrors
{
    private const int ConstraintUnique = 2067; // SQLITE_CONSTRAINT_UNIQUE (extended code)
    private const int ConstraintPrimaryKey = 1555; // SQLITE_CONSTRAINT_PRIMARYKEY

    /// <summary>Runs <paramref name="write"/>, turning a UNIQUE (or PRIMARY KEY) violation into <see cref="NameConflictException"/>.</summary>
    public static T OnUniqueViolation<T>(Func<T> write, string conflictMessage)
    {
        try { return write(); }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode is ConstraintUnique or ConstraintPrimaryKey)
        {
            throw new NameConflictException(conflictMessage);
        }
    }
}
