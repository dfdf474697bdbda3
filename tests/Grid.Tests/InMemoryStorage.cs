using Grid.Core.Storage;
using Grid.Core.Storage.InMemory;

namespace Grid.Tests;

/// <summary>Storage of the embedded backends, for tests of the grid's operations without a host.</summary>
internal static class InMemoryStorage
{
    public static GridStorage Create()
    {
        var tables = InMemoryTables.Create();
        return new(tables.Sessions, tables.Tasks, tables.Results, new InMemoryTaskQueue(), new InMemoryObjectStorage(), tables.Events);
    }
}
