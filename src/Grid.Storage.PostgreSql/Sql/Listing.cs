using Grid.Core.Storage;
using Npgsql;

namespace Grid.Storage.PostgreSql.Sql;

/// <summary>One page of a filtered, sorted listing and the total count, in one round trip.</summary>
internal static class Listing
{
    /// <summary>
    /// Sorts on <paramref name="sortColumn"/> then on <paramref name="idColumn"/> so that pages are stable.
    /// A nullable sort column puts nulls first ascending and last descending, as the in-memory backend orders
    /// them; a column declared NOT NULL keeps the default order, which an index scan (forward or backward) gives.
    /// </summary>
    public static async Task<Page<T>> PageAsync<T, TSort>(NpgsqlDataSource dataSource, string table, string columns, SqlConditions conditions,
        string sortColumn, bool sortColumnIsNullable, string idColumn, PageQuery<TSort> page, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
        where TSort : struct, Enum
    {
        if (page.PageSize <= 0 || page.PageNumber < 0) return new Page<T>([], await CountAsync(dataSource, table, conditions, cancellationToken).ConfigureAwait(false));
        var direction = page.Descending ? "DESC" : "ASC";
        var nulls = sortColumnIsNullable ? (page.Descending ? " NULLS LAST" : " NULLS FIRST") : "";
        await using var batch = dataSource.CreateBatch();
        var count = new NpgsqlBatchCommand($"SELECT count(*) FROM {table}{conditions.Where}");
        conditions.AddParametersTo(count.Parameters);
        var items = new NpgsqlBatchCommand(
            $"SELECT {columns} FROM {table}{conditions.Where} ORDER BY {sortColumn} {direction}{nulls}, {idColumn} {direction} LIMIT @page_limit OFFSET @page_offset");
        conditions.AddParametersTo(items.Parameters);
        items.Parameters.Add(Parameters.BigInt("page_limit", page.PageSize));
        items.Parameters.Add(Parameters.BigInt("page_offset", (long)page.PageNumber * page.PageSize));
        batch.BatchCommands.Add(count);
        batch.BatchCommands.Add(items);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) found.Add(read(reader));
        return new Page<T>(found, total);
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string table, SqlConditions conditions, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {table}{conditions.Where}");
        conditions.AddParametersTo(command.Parameters);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
