using Grid.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite;

/// <summary>A page of a listing: the total count and one sorted slice, read in the same snapshot.</summary>
internal static class SqlPaging
{
    /// <param name="orderColumn">Column to sort by; <paramref name="keyColumn"/> breaks ties so that pages never overlap.</param>
    public static Page<T> Read<T, TSort>(SqliteConnection connection, SqliteTransaction transaction, string table, string columns,
        SqlFilter filter, PageQuery<TSort> page, string orderColumn, string keyColumn, Func<SqliteDataReader, T> read)
        where TSort : struct, Enum
    {
        using var count = filter.Bind(connection.Command(transaction, $"SELECT COUNT(*) FROM {table} {filter.Where}"));
        var total = Convert.ToInt64(count.ExecuteScalar());
        var direction = page.Descending ? "DESC" : "ASC";
        using var select = filter.Bind(connection.Command(transaction,
            $"SELECT {columns} FROM {table} {filter.Where} ORDER BY {orderColumn} {direction}, {keyColumn} {direction} LIMIT $limit OFFSET $offset"));
        select.Set("$limit", Math.Max(0, page.PageSize)).Set("$offset", (long)Math.Max(0, page.PageNumber) * Math.Max(0, page.PageSize));
        return new Page<T>(select.ReadAll(read), total);
    }
}
