using Grid.Core.Storage;
using Grid.Storage.Conformance;

namespace Grid.Storage.MongoDb.Tests;

/// <summary>Runs only with a server: without GRID_TEST_MONGODB every test fails with a message saying so; exclude them by the trait.</summary>
[Trait("Backend", "MongoDb")]
public sealed class MongoDbTableConformance(MongoDbDatabaseFixture fixture) : TableConformanceTests, IClassFixture<MongoDbDatabaseFixture>
{
    protected override async Task<(ISessionTable Sessions, ITaskTable Tasks, IResultTable Results, IEventLog Events)> TablesAsync()
    {
        var tables = await fixture.TablesAsync();
        return (tables.Sessions, tables.Tasks, tables.Results, tables.Events);
    }
}
