using Npgsql;

namespace Grid.Storage.PostgreSql.Tests;

/// <summary>The PostgreSQL server the tests run against, named by GRID_TEST_POSTGRES.</summary>
internal static class TestServer
{
    public const string Variable = "GRID_TEST_POSTGRES";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set: these tests need a real PostgreSQL. Run scripts/servers/start.sh postgres, then " +
                "source ${GRID_SERVERS_DIR:-/tmp/grid-servers}/env (it sets " + Variable + ").");

    /// <summary>The server's connection string with its unqualified names resolving to <paramref name="schema"/>.</summary>
    public static string InSchema(string schema) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ConnectionString;

    /// <summary>A schema name no other run uses (PostgreSQL keeps 63 bytes of an identifier: keep the purpose short).</summary>
    public static string NewSchemaName(string purpose) => $"grid_test_{purpose}_{Guid.NewGuid():N}";

    public static async Task DropSchemaAsync(string schema)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        await command.ExecuteNonQueryAsync();
    }
}
