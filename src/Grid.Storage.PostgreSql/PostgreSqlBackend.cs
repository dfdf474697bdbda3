using System.Collections.Concurrent;
using Grid.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Grid.Storage.PostgreSql;

/// <summary>
/// Opens the PostgreSQL backend: connects, brings the schema up to date, and hands out the tables and the queue.
/// One data source (connection pool and notification listener) per connection string, for the whole process.
/// </summary>
public static class PostgreSqlBackend
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<PostgreSqlDatabase>>> Databases = new();

    /// <exception cref="PostgreSqlConnectionException">The server is unreachable, refused the credentials, or the schema could not be migrated.</exception>
    public static async Task<GridTables> OpenTablesAsync(PostgreSqlOptions options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync(options, loggerFactory, cancellationToken).ConfigureAwait(false);
        return TablesOf(database, options);
    }

    /// <exception cref="PostgreSqlConnectionException">The server is unreachable, refused the credentials, or the schema could not be migrated.</exception>
    public static async Task<ITaskQueue> OpenQueueAsync(PostgreSqlOptions options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync(options, loggerFactory, cancellationToken).ConfigureAwait(false);
        return QueueOf(database, options);
    }

    internal static GridTables TablesOf(PostgreSqlDatabase database, PostgreSqlOptions options) => new GridTables(
        new PostgreSqlSessionTable(database),
        new PostgreSqlTaskTable(database, options),
        new PostgreSqlResultTable(database, options),
        new PostgreSqlEventLog(database, options)).WithCoalescedWrites();

    internal static ITaskQueue QueueOf(PostgreSqlDatabase database, PostgreSqlOptions options) => new PostgreSqlTaskQueue(database, options);

    private static async Task<PostgreSqlDatabase> DatabaseAsync(PostgreSqlOptions options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        var key = PostgreSqlDatabase.ConnectionStringOf(options).ConnectionString;
        var opening = Databases.GetOrAdd(key, _ => new Lazy<Task<PostgreSqlDatabase>>(
            () => PostgreSqlDatabase.OpenAsync(options, loggerFactory, CancellationToken.None)));
        try
        {
            return await opening.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (opening.Value.IsFaulted)
        {
            // A failed open is not remembered: the next caller tries again (the server may be up by then).
            Databases.TryRemove(new KeyValuePair<string, Lazy<Task<PostgreSqlDatabase>>>(key, opening));
            throw;
        }
    }
}
