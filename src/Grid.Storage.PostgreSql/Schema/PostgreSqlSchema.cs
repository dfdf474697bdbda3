using Microsoft.Extensions.Logging;
using Npgsql;

namespace Grid.Storage.PostgreSql.Schema;

/// <summary>
/// Brings the schema up to date: applies the missing <see cref="Migrations"/> in one transaction, under an
/// advisory lock, so that processes starting at once apply each step exactly once and never see half a schema.
/// </summary>
public static class PostgreSqlSchema
{
    public const string MigrationsTable = "grid_schema_migrations";

    /// <summary>Applies the missing migrations; returns the versions it applied (empty when the schema was current).</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, ILogger? logger, CancellationToken cancellationToken) =>
        await MigrateAsync(dataSource, Migrations.All, logger, cancellationToken).ConfigureAwait(false);

    internal static async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, IReadOnlyList<Migration> migrations, ILogger? logger, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var schema = await TargetSchemaAsync(connection, cancellationToken).ConfigureAwait(false);

        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", LockKey(schema))).ConfigureAwait(false);
        await ExecuteAsync(connection, $"""
            CREATE SCHEMA IF NOT EXISTS {Quote(schema)};
            CREATE TABLE IF NOT EXISTS {Quote(schema)}.{MigrationsTable} (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, cancellationToken).ConfigureAwait(false);

        var applied = new HashSet<int>();
        await using (var command = new NpgsqlCommand($"SELECT version FROM {Quote(schema)}.{MigrationsTable}", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                applied.Add(reader.GetInt32(0));

        var newlyApplied = new List<int>();
        foreach (var migration in migrations.OrderBy(m => m.Version))
        {
            if (applied.Contains(migration.Version)) continue;
            logger?.LogInformation("Applying PostgreSQL schema migration {Version} ({Name}) to schema {Schema}", migration.Version, migration.Name, schema);
            // The search path is pinned to the target schema so that unqualified names in migrations land there.
            await ExecuteAsync(connection, $"SET LOCAL search_path TO {Quote(schema)}", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, migration.Sql, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"INSERT INTO {Quote(schema)}.{MigrationsTable} (version, name) VALUES (@version, @name)", cancellationToken,
                ("version", migration.Version), ("name", migration.Name)).ConfigureAwait(false);
            newlyApplied.Add(migration.Version);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return newlyApplied;
    }

    /// <summary>The schema the connection's unqualified names resolve to: the first entry of its search path.</summary>
    internal static async Task<string> TargetSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var searchPath = new NpgsqlConnectionStringBuilder(connection.ConnectionString).SearchPath;
        var first = searchPath?.Split(',').Select(s => s.Trim().Trim('"')).FirstOrDefault(s => s.Length > 0);
        if (first is not null && first != "$user") return first;
        await using var command = new NpgsqlCommand("SELECT current_schema()", connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string
            ?? throw new InvalidOperationException("the connection has no current schema: set 'Search Path' in the connection string");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>A stable 64-bit key per schema (FNV-1a), so that grids in different schemas do not wait for each other.</summary>
    private static long LockKey(string schema)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes("grid-schema:" + schema))
            hash = (hash ^ b) * 1099511628211UL;
        return unchecked((long)hash);
    }
}
