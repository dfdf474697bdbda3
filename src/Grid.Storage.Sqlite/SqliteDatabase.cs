using Grid.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite;

/// <summary>
/// One open SQLite database holding the grid's tables. Writes are serialised in-process on a single
/// connection (SQLite has one writer at a time anyway; queuing here avoids busy retries), each call in one
/// transaction; reads run on their own pooled connections and see committed data only (WAL).
/// Disposing it checkpoints the write-ahead log and closes every connection.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private bool _disposed;

    private SqliteDatabase(string path, string connectionString, SqliteConnection writer)
    {
        DatabasePath = path;
        _connectionString = connectionString;
        _writer = writer;
        var events = new SqliteEventLog(this);
        Tables = GridTables.RecordingEventsAfterChanges(new SqliteSessionTable(this), new SqliteTaskTable(this), new SqliteResultTable(this), events);
    }

    public string DatabasePath { get; }

    /// <summary>The tables on this database. Each of them is also <see cref="IAsyncDisposable"/>: disposing any closes this database.</summary>
    public GridTables Tables { get; }

    internal static SqliteDatabase Open(SqliteOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DataFolder))
            throw new ArgumentException("the SQLite data folder is not set", nameof(options));
        Directory.CreateDirectory(options.DataFolder);
        var path = Path.GetFullPath(Path.Combine(options.DataFolder, SqliteOptions.DatabaseFileName));
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy database for this long on every connection.
            DefaultTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
        }.ToString();

        var writer = new SqliteConnection(connectionString);
        try
        {
            writer.Open();
            Pragma(writer, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}");
            var journalMode = Pragma(writer, "PRAGMA journal_mode = WAL") as string;
            if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"{path}: SQLite refused write-ahead logging (journal mode is '{journalMode}')");
            // In WAL mode NORMAL loses no committed transaction on a process crash, only on a power loss.
            Pragma(writer, "PRAGMA synchronous = NORMAL");
            SqliteSchema.Migrate(writer, path);
            return new SqliteDatabase(path, connectionString, writer);
        }
        catch
        {
            writer.Dispose();
            SqliteConnection.ClearPool(new SqliteConnection(connectionString));
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction, after every earlier write of this process.</summary>
    internal async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction(deferred: false);
            var result = work(_writer, transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    internal Task WriteAsync(Action<SqliteConnection, SqliteTransaction> work, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) =>
        {
            work(connection, transaction);
            return true;
        }, cancellationToken);

    /// <summary>
    /// <see cref="Read{T}"/> as a task: SQLite reads are synchronous (Microsoft.Data.Sqlite's async methods are too),
    /// so this runs on the caller's thread and hands failures back in the task rather than throwing.
    /// </summary>
    internal Task<T> ReadAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
        try
        {
            return Task.FromResult(Read(work));
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }

    /// <summary>Runs <paramref name="work"/> in a read transaction: every statement in it sees the same snapshot.</summary>
    internal T Read<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        var result = work(connection, transaction);
        transaction.Commit();
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed) return;
            _disposed = true;
            try
            {
                // Folds the log back into grid.db so the folder holds one self-contained file.
                Pragma(_writer, "PRAGMA wal_checkpoint(TRUNCATE)");
            }
            finally
            {
                _writer.Dispose();
                SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static object? Pragma(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
