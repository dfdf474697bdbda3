using Grid.Core.Storage;
using Grid.Storage.Conformance;

namespace Grid.Storage.PostgreSql.Tests;

public sealed class PostgreSqlTableConformance(FreshSchema schema) : TableConformanceTests, IClassFixture<FreshSchema>
{
    protected override Task<(ISessionTable Sessions, ITaskTable Tasks, IResultTable Results, IEventLog Events)> TablesAsync()
    {
        var tables = schema.Tables;
        return Task.FromResult((tables.Sessions, tables.Tasks, tables.Results, tables.Events));
    }
}

public sealed class PostgreSqlQueueConformance(FreshSchema schema) : QueueConformanceTests, IClassFixture<FreshSchema>
{
    protected override Task<ITaskQueue> QueueAsync() => Task.FromResult(schema.Queue);
}
