using Grid.Client;
using Grid.Workflows.Engine.Api;
using Grid.Workflows.Engine.Execution;
using Grid.Workflows.Engine.Export;
using Grid.Workflows.Engine.Instances;
using Grid.Workflows.Engine.Plugins;
using Grid.Workflows.Engine.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Grid.Workflows.Engine.Hosting;

public static class WorkflowEngineHosting
{
    /// <summary>
    /// The workflow manager, configured from <c>Grid:Workflows</c>. Stores, plugins and the export sink registered
    /// before this call replace the defaults (JSON stores in the data folder or in memory, the <c>grid</c>,
    /// <c>command</c>, <c>argo</c> and <c>kubernetes-job</c> plugins, the folder sink).
    /// </summary>
    public static IServiceCollection AddGridWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkflowEngineOptions>().Bind(configuration.GetSection("Grid:Workflows"));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new GridClient(new GridClientOptions { Address = Options(sp).GridAddress }));
        services.TryAddSingleton<IWorkflowStore>(sp => new JsonWorkflowStore(InDataFolder(sp, "registry")));
        services.TryAddSingleton<IWorkflowInstanceStore>(sp => new JsonWorkflowInstanceStore(InDataFolder(sp, "instances")));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITaskPlugin, GridWorkerPoolPlugin>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITaskPlugin, CommandPlugin>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITaskPlugin, ArgoPlugin>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITaskPlugin, KubernetesJobPlugin>());
        services.TryAddSingleton<TaskPluginCatalog>();
        services.TryAddSingleton<IExportSink>(sp => new FolderExportSink(Options(sp).ResolvedExportFolder));
        services.TryAddSingleton<WorkflowRegistry>();
        services.TryAddSingleton<WorkflowStatusQueries>();
        services.TryAddSingleton<WorkflowEngine>();
        services.AddHostedService<WorkflowEngineService>();
        services.AddGrpc();
        return services;
    }

    /// <summary>The gRPC services (<c>grid.v1.WorkflowsService</c>, <c>grid.v1.WorkflowInstancesService</c>) and the HTTP/JSON API under <c>/api</c>.</summary>
    public static IEndpointRouteBuilder MapGridWorkflows(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<WorkflowsGrpcService>();
        endpoints.MapGrpcService<WorkflowInstancesGrpcService>();
        endpoints.MapWorkflowHttpApi();
        return endpoints;
    }

    private static WorkflowEngineOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value;

    private static string? InDataFolder(IServiceProvider services, string name) =>
        Options(services).DataFolder is { } folder ? Path.Combine(folder, name) : null;
}
