using System.Collections.Concurrent;
using Grid.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite;

/// <summary>
/// One open SQLite database holding the grid's tables. Writes go through one connection with group commit
/// (<see cref="GroupCommitWriter"/>): SQLite has one writer at a time anyway, and the writes of concurrent callers
/// share one transaction and one commit. Reads run on a pool of open connections, each keeping its statements
/// compiled, and see committed data only (WAL). Disposing it checkpoints the write-ahead log and closes every connection.
/// </summary>
/// <remarks>
/// Durability (<see cref="SqliteOptions.Durability"/>): with <see cref="StorageDurability.ProcessCrash"/>, a commit is
/// in the write-ahead log in the operating system's cache when the call returns (<c>synchronous = NORMAL</c>), so it
/// survives <c>kill -9</c>; with <see cref="StorageDurability.PowerLoss"/> the log is also flushed to disk at each commit
/// (<c>synchronous = FULL</c>), once per group of writes.
/// </remarks>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writeConnection;
    private readonly GroupCommitWriter _writer;
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private volatile bool _disposed;

    // Reads run on the caller's thread: as many connections as threads read at once, kept up to this many.
    private const int MaxPooledReaders = 32;

    private SqliteDatabase(string path, string connectionString, SqliteConnection writer, StorageDurability durability)
    {
        DatabasePath = path;
        Durability = durability;
        _connectionString = connectionString;
        _writeConnection = writer;
        _writer = new GroupCommitWriter(writer);
        var events = new SqliteEventLog(this);
        Tables = new GridTables(new SqliteSessionTable(this), new SqliteTaskTable(this, events), new SqliteResultTable(this, events), events)
        {
            SmallObjects = new SqliteSmallObjects(this),
        };
    }

    public string DatabasePath { get; }

    public StorageDurability Durability { get; }

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
            Pooling = false, // this class keeps its own connections open
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
            Pragma(writer, options.Durability == StorageDurability.PowerLoss ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            SqliteSchema.Migrate(writer, path);
            return new SqliteDatabase(path, connectionString, writer, options.Durability);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in a write transaction, after every earlier write of this process; completes once it is committed.</summary>
    internal Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        if (_disposed) return Task.FromException<T>(new ObjectDisposedException(nameof(SqliteDatabase)));
        return _writer.WriteAsync(work, cancellationToken);
    }

    internal Task WriteAsync(Action<SqliteConnection, SqliteTransaction> work, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) =>
        {
            work(connection, transaction);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/>, one statement (each statement reads one snapshot), on a pooled connection. SQLite
    /// reads are synchronous (Microsoft.Data.Sqlite's async methods are too), so this runs on the caller's thread and
    /// hands failures back in the task rather than throwing.
    /// </summary>
    internal Task<T> ReadAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
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

    /// <summary>As <see cref="ReadAsync{T}"/>, for several statements that must see the same snapshot: one read transaction.</summary>
    internal Task<T> ReadSnapshotAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken) =>
        ReadAsync(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: true);
            var result = work(connection, transaction);
            transaction.Commit();
            return result;
        }, cancellationToken);

    internal T Read<T>(Func<SqliteConnection, T> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_readers.TryTake(out var connection))
        {
            connection = new SqliteConnection(_connectionString);
            connection.Open();
        }
        var healthy = false;
        try
        {
            var result = work(connection);
            healthy = true;
            return result;
        }
        finally
        {
            if (healthy && !_disposed && _readers.Count < MaxPooledReaders) _readers.Add(connection);
            else Close(connection);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _writer.CloseAsync(() =>
        {
            try
            {
                // Folds the log back into grid.db so the folder holds one self-contained file.
                Pragma(_writeConnection, "PRAGMA wal_checkpoint(TRUNCATE)");
            }
            finally
            {
                Close(_writeConnection);
            }
        }).ConfigureAwait(false);
        while (_readers.TryTake(out var reader)) Close(reader);
    }

    private static void Close(SqliteConnection connection)
    {
        connection.DisposePrepared();
        connection.Dispose();
    }

    private static object? Pragma(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
