using Grid.Core.Storage;
using Grid.Core.Storage.InMemory;
using Grid.Storage.Conformance;

namespace Grid.Storage.Tests;

public sealed class InMemoryTableConformance : TableConformanceTests
{
    private readonly GridTables _tables = InMemoryTables.Create();

    protected override Task<(ISessionTable Sessions, ITaskTable Tasks, IResultTable Results, IEventLog Events)> TablesAsync() =>
        Task.FromResult((_tables.Sessions, _tables.Tasks, _tables.Results, _tables.Events));
}

public sealed class InMemoryQueueConformance : QueueConformanceTests
{
    private readonly InMemoryTaskQueue _queue = new();

    protected override Task<ITaskQueue> QueueAsync() => Task.FromResult<ITaskQueue>(_queue);
}

public sealed class InMemoryObjectStorageConformance : ObjectStorageConformanceTests
{
    private readonly InMemoryObjectStorage _storage = new();

    protected override Task<IObjectStorage> StorageAsync() => Task.FromResult<IObjectStorage>(_storage);
}

/// <summary>The decorators that merge concurrent calls (used over PostgreSQL and MongoDB) keep the contract.</summary>
public sealed class CoalescedInMemoryTableConformance : TableConformanceTests
{
    private readonly GridTables _tables = InMemoryTables.Create().WithCoalescedWrites();

    protected override Task<(ISessionTable Sessions, ITaskTable Tasks, IResultTable Results, IEventLog Events)> TablesAsync() =>
        Task.FromResult((_tables.Sessions, _tables.Tasks, _tables.Results, _tables.Events));
}
