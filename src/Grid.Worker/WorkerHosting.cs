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
        return services;
    }

    public static IEndpointRouteBuilder MapGridWorker(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<WorkerApi>();
        return endpoints;
    }
}
