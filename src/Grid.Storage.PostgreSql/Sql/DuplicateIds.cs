using Grid.Core;
using Npgsql;

namespace Grid.Storage.PostgreSql.Sql;

/// <summary>After a unique violation on a batch insert, finds which id was the duplicate, to name it in the error.</summary>
internal static class DuplicateIds
{
    public static async Task<GridException> AlreadyExistsAsync(NpgsqlDataSource dataSource, string kind, string table, string idColumn,
        IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var repeated = ids.GroupBy(id => id).FirstOrDefault(g => g.Count() > 1)?.Key;
        string? existing = null;
        if (repeated is null)
        {
            await using var command = dataSource.CreateCommand($"SELECT {idColumn} FROM {table} WHERE {idColumn} = ANY(@ids) LIMIT 1");
            command.Parameters.Add(Parameters.TextArray("ids", ids));
            existing = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }
        return new GridException(GridErrorCode.AlreadyExists, (repeated, existing) switch
        {
            ({ } id, _) => $"{kind} '{id}' appears twice in the batch",
            (_, { } id) => $"{kind} '{id}' already exists",
            _ => $"one of the {ids.Count} {kind}s already exists",
        });
    }
}
