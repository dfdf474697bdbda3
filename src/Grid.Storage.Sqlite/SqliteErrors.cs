using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite;

internal static class SqliteErrors
{
    private const int Constraint = 19;
    private const int ConstraintPrimaryKey = 1555;
    private const int ConstraintUnique = 2067;

    public static bool IsDuplicateKey(SqliteException e) =>
        e.SqliteErrorCode == Constraint && e.SqliteExtendedErrorCode is ConstraintPrimaryKey or ConstraintUnique;
}
