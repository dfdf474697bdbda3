using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Grid.Worker;

public static class WorkerHosting
{
    /// <summary>Registers the worker SDK with <typeparamref name="THandler"/> as the task handler.</summary>
    public static IServiceCollection AddGridWorker<THandler>(this IServiceCollection services, IConfiguration configuration)
        where THandler : class, ITaskHandler
    {
        // For the worker's own service only: in a one-process grid, the grid's services keep Grid:Limits:MaxMessageSize.
        services.AddGrpc().AddServiceOptions<WorkerApi>(o => { o.MaxReceiveMessageSize = 64 << 20; o.MaxSendMessageSize = 64 << 20; });
        services.AddOptions<WorkerOptions>().Bind(configuration.GetSection("Grid:Worker"));
        services.TryAddSingleton<AgentConnection>();
        services.TryAddSingleton<ITaskHandler, THandler>();
        services.TryAddSingleton<HealthServiceImpl>();
        services.AddHostedService<AgentOutlivingShutdown>();
        return services;
    }

    /// <summary>
    /// The Worker service, and the standard gRPC health service (grpc.health.v1) that Kubernetes probes, unless the
    /// application already serves one (a one-process grid maps the control plane's first); either way the health
    /// service answers for <c>grid.v1.WorkerService</c> too.
    /// </summary>
    public static IEndpointRouteBuilder MapGridWorker(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<WorkerApi>();
        var health = endpoints.ServiceProvider.GetRequiredService<HealthServiceImpl>();
        if (!ServesHealth(endpoints))
        {
            endpoints.MapGrpcService<HealthServiceImpl>();
            health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
        }
        health.SetStatus(Grid.Api.V1.WorkerService.Descriptor.FullName, HealthCheckResponse.Types.ServingStatus.Serving);
        return endpoints;
    }

    private static bool ServesHealth(IEndpointRouteBuilder endpoints) =>
        endpoints.DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Any(endpoint => endpoint.RoutePattern.RawText?.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal) == true);
}
