using Grid.ControlPlane.Services;
using Grid.Core;
using Grid.Core.Api;
using Grpc.Health.V1;
using Grpc.HealthCheck;

namespace Grid.ControlPlane.Hosting;

public static class ControlPlaneHosting
{
    /// <summary>The control plane's gRPC services. Storage must be registered by the caller.</summary>
    public static IServiceCollection AddGridControlPlane(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGridOperations(configuration);
        var limits = configuration.GetSection("Grid:Limits").Get<GridLimits>() ?? new GridLimits();
        services.AddGridGrpc(limits);
        services.AddGrpcReflection();
        services.AddHostedService<Core.Operations.LeaseRecoveryService>();
        services.AddHostedService<Core.Operations.DispatchRepairService>();
        services.AddSingleton<HealthServiceImpl>();
        return services;
    }

    /// <summary>The names the health service answers for.</summary>
    public static readonly IReadOnlyList<string> ServedServices =
    [
        "",
        Grid.Api.V1.SessionsService.Descriptor.FullName,
        Grid.Api.V1.ResultsService.Descriptor.FullName,
        Grid.Api.V1.TasksService.Descriptor.FullName,
        Grid.Api.V1.EventsService.Descriptor.FullName,
        Grid.Api.V1.PartitionsService.Descriptor.FullName,
        Grid.Api.V1.VersionsService.Descriptor.FullName,
    ];

    public static IEndpointRouteBuilder MapGridControlPlane(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<SessionsApi>();
        endpoints.MapGrpcService<ResultsApi>();
        endpoints.MapGrpcService<TasksApi>();
        endpoints.MapGrpcService<EventsApi>();
        endpoints.MapGrpcService<PartitionsApi>();
        endpoints.MapGrpcService<VersionsApi>();
        endpoints.MapGrpcService<HealthServiceImpl>();
        endpoints.MapGrpcReflectionService();
        // The whole server ("") and, by the grpc.health.v1 convention, each service by its fully qualified name.
        var health = endpoints.ServiceProvider.GetRequiredService<HealthServiceImpl>();
        foreach (var service in ServedServices)
            health.SetStatus(service, HealthCheckResponse.Types.ServingStatus.Serving);
        return endpoints;
    }
}
