using Grid.Core.Operations;
using Grid.Core.Storage;
using Grid.Core.Storage.FileSystem;
using Grid.Core.Storage.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Grid.Core;

public static class GridServiceCollectionExtensions
{
    /// <summary>The operations shared by the control plane and the agent, with limits and partitions from <c>Grid</c> configuration.</summary>
    public static IServiceCollection AddGridOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GridLimits>().Bind(configuration.GetSection("Grid:Limits"));
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<GridLimits>>().Value);
        services.TryAddSingleton(_ => new PartitionCatalog(configuration.GetSection("Grid:Partitions").Get<List<PartitionDefinition>>() ?? []));
        services.TryAddSingleton<ReadyTaskDispatcher>();
        services.TryAddSingleton<ResultCompletion>();
        services.TryAddSingleton<TaskSubmitter>();
        services.TryAddSingleton<TaskFinisher>();
        services.TryAddSingleton<SessionOperations>();
        services.TryAddSingleton<ResultOperations>();
        services.TryAddSingleton<DispatchRecovery>();
        services.TryAddSingleton<LeaseRecovery>();
        services.AddOptions<LeaseRecoveryOptions>().Bind(configuration.GetSection("Grid:LeaseRecovery"));
        services.AddOptions<DispatchRepairOptions>().Bind(configuration.GetSection("Grid:DispatchRepair"));
        return services;
    }

    /// <summary>
    /// The embedded backends: tables, queue and event log in memory; objects in memory, or in
    /// <paramref name="objectFolder"/> when given.
    /// </summary>
    public static IServiceCollection AddGridEmbeddedStorage(this IServiceCollection services, string? objectFolder = null)
    {
        services.TryAddSingleton(_ =>
        {
            var tables = InMemoryTables.Create();
            return new GridStorage(tables.Sessions, tables.Tasks, tables.Results, new InMemoryTaskQueue(),
                objectFolder is null ? new InMemoryObjectStorage() : new FileSystemObjectStorage(objectFolder), tables.Events);
        });
        return services;
    }

    /// <summary>Shares one existing storage (the one-process grid gives the same one to the control plane and the agent).</summary>
    public static IServiceCollection AddGridStorage(this IServiceCollection services, GridStorage storage)
    {
        services.TryAddSingleton(storage);
        return services;
    }
}
