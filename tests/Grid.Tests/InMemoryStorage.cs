using Grid.Core.Operations;
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

    /// <summary>The recovery a restart (and the control plane's repair) runs, on <paramref name="storage"/>.</summary>
    public static DispatchRecovery Recovery(GridStorage storage, int pageSize = 1_000)
    {
        var dispatcher = new ReadyTaskDispatcher(storage);
        return new DispatchRecovery(storage, dispatcher, new ResultCompletion(storage, dispatcher, TimeProvider.System), TimeProvider.System,
            Microsoft.Extensions.Options.Options.Create(new DispatchRepairOptions { PageSize = pageSize }));
    }
}
