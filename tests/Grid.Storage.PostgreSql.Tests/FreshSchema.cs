using Grid.Core.Storage;

namespace Grid.Storage.PostgreSql.Tests;

/// <summary>
/// A schema of its own for one test class, migrated, with a database opened on it; dropped at the end. The
/// process-wide data source cache is bypassed so that the pool and listener go with the schema.
/// </summary>
public sealed class FreshSchema : IAsyncLifetime
{
    private PostgreSqlDatabase? _database;

    public string Name { get; } = TestServer.NewSchemaName("s");

    public PostgreSqlOptions Options { get; private set; } = new();

    internal PostgreSqlDatabase Database => _database ?? throw new InvalidOperationException("the schema is not open yet");

    public GridTables Tables => PostgreSqlBackend.TablesOf(Database, Options);

    public ITaskQueue Queue => PostgreSqlBackend.QueueOf(Database, Options);

    public async Task InitializeAsync()
    {
        Options = new PostgreSqlOptions { ConnectionString = TestServer.InSchema(Name), MaxPoolSize = 40, PollInterval = TimeSpan.FromMilliseconds(500) };
        _database = await PostgreSqlDatabase.OpenAsync(Options, null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
        await TestServer.DropSchemaAsync(Name);
    }
}
