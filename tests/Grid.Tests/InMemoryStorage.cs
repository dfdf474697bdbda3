using Grid.Core.Storage;
using Grid.Core.Storage.InMemory;

namespace Grid.Tests;

/// <summary>Storage of the embedded backends, for tests of the grid's operations without a host.</summary>
internal static class InMemoryStorage
{
    public static GridStorage Create() => new(new InMemorySessionTable(), new InMemoryTaskTable(), new InMemoryResultTable(),
        new InMemoryTaskQueue(), new InMemoryObjectStorage(), new InMemoryEventLog());
}
