using Grid.Core.Storage;

namespace Grid.Storage.Sqlite;

/// <summary>Opens the SQLite tables of the embedded grid: <c>grid.db</c> in the data folder, created or upgraded.</summary>
public static class SqliteBackend
{
    /// <summary>
    /// The tables on the database in <see cref="SqliteOptions.DataFolder"/>. Each table is <see cref="IAsyncDisposable"/>;
    /// disposing any of them closes the database (the data is durable without it: every call commits).
    /// </summary>
    public static async Task<GridTables> OpenAsync(SqliteOptions options, CancellationToken cancellationToken) =>
        (await OpenDatabaseAsync(options, cancellationToken).ConfigureAwait(false)).Tables;

    /// <summary>The database itself, for a host that wants to close it explicitly.</summary>
    public static Task<SqliteDatabase> OpenDatabaseAsync(SqliteOptions options, CancellationToken cancellationToken) =>
        Task.Run(() => SqliteDatabase.Open(options), cancellationToken);
}
