using Grid.Core.Storage;
using MongoDB.Driver;

namespace Grid.Storage.MongoDb.Tests;

/// <summary>
/// A database of its own on the server named by GRID_TEST_MONGODB, opened on first use (so that merely
/// constructing the fixture needs no server) and dropped at the end.
/// </summary>
public sealed class MongoDbDatabaseFixture : IAsyncLifetime
{
    private readonly string _database = $"grid_test_{Guid.NewGuid():N}";
    private readonly SemaphoreSlim _opening = new(1, 1);
    private GridTables? _tables;

    public async Task<GridTables> TablesAsync()
    {
        await _opening.WaitAsync();
        try
        {
            return _tables ??= await MongoDbBackend.OpenAsync(new MongoDbOptions { ConnectionString = MongoDbServer.Required, Database = _database }, CancellationToken.None);
        }
        finally
        {
            _opening.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_tables is null || MongoDbServer.ConnectionString is not { } connectionString) return;
        using var client = new MongoClient(connectionString);
        await client.DropDatabaseAsync(_database);
    }
}
