using Grid.Core.Storage;

namespace Grid.Storage.Sqlite;

/// <summary>
/// Object data kept in the database's <c>objects</c> table: for small results a row costs a fraction of what a
/// file does (no file created, no folder entry, and it is written in the group commit of the tables). Used behind
/// <see cref="TieredObjectStorage"/>, which sends larger objects to files.
/// </summary>
public sealed class SqliteSmallObjects(SqliteDatabase database) : ISmallObjectStore
{
    private const string Upsert = "INSERT INTO objects (key, data) VALUES ($key, $data) ON CONFLICT (key) DO UPDATE SET data = excluded.data";
    private const string SelectData = "SELECT data FROM objects WHERE key = $key";
    private const string Delete = "DELETE FROM objects WHERE key = $key";

    public Task WriteAsync(string key, byte[] data, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            connection.Prepared(transaction, Upsert).Set("$key", key).Set("$data", data).ExecuteNonQuery();
        }, cancellationToken);

    public Task<byte[]?> TryReadAsync(string key, CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var reader = connection.Prepared(SelectData).Set("$key", key).ExecuteReader();
            return reader.Read() ? (byte[])reader.GetValue(0) : null;
        }, cancellationToken);

    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0) return Task.CompletedTask;
        return database.WriteAsync((connection, transaction) =>
        {
            var delete = connection.Prepared(transaction, Delete);
            foreach (var key in keys) delete.Set("$key", key).ExecuteNonQuery();
        }, cancellationToken);
    }
}
