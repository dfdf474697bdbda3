using Grid.Storage.Conformance;
namespace Grid.Storage.Sqlite.Tests;

/// <summary>One database in a temp folder shared by the tests of a class (they use fresh ids), closed and deleted at the end.</summary>
public sealed class SqliteDatabaseFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public SqliteDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Database = await SqliteBackend.OpenDatabaseAsync(new SqliteOptions { DataFolder = _folder.Path }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        _folder.Dispose();
    }
}
