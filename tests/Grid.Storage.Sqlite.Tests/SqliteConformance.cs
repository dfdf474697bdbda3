using Grid.Core.Storage;
using Grid.Storage.Conformance;

namespace Grid.Storage.Sqlite.Tests;

[Trait("Backend", "Sqlite")]
public sealed class SqliteTableConformance(SqliteDatabaseFixture fixture) : TableConformanceTests, IClassFixture<SqliteDatabaseFixture>
{
    protected override Task<(ISessionTable Sessions, ITaskTable Tasks, IResultTable Results, IEventLog Events)> TablesAsync()
    {
        var tables = fixture.Database.Tables;
        return Task.FromResult((tables.Sessions, tables.Tasks, tables.Results, tables.Events));
    }
}
