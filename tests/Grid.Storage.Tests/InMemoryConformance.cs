using Grid.Core.Storage;
using Grid.Core.Storage.InMemory;
using Grid.Storage.Conformance;

namespace Grid.Storage.Tests;

public sealed class InMemoryTableConformance : TableConformanceTests
{
    private readonly (ISessionTable, ITaskTable, IResultTable, IEventLog) _tables =
        (new InMemorySessionTable(), new InMemoryTaskTable(), new InMemoryResultTable(), new InMemoryEventLog());

    protected override Task<(ISessionTable Sessions, ITaskTable Tasks, IResultTable Results, IEventLog Events)> TablesAsync() => Task.FromResult(_tables);
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
