using Grid.Core;
using Microsoft.Extensions.Options;
using Grid.Core.Api;

namespace Grid.Agent;

public static class AgentHosting
{
    /// <summary>The polling agent and its Agent service. Storage must be registered by the caller.</summary>
    public static IServiceCollection AddGridAgent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGridOperations(configuration);
        services.AddOptions<AgentOptions>().Bind(configuration.GetSection("Grid:Agent"));
        services.AddGridGrpc(configuration.GetSection("Grid:Limits").Get<GridLimits>() ?? new GridLimits());
        services.AddSingleton<AttemptRegistry>();
        services.AddSingleton<AttemptOutputs>();
        services.AddSingleton<WorkerChannel>();
        services.AddSingleton<TaskRunner>();
        services.AddSingleton(sp => sp.GetRequiredService<Core.Storage.GridStorage>().Queue);
        services.AddHostedService<PollingAgent>();
        services.AddHostedService<RunningTaskWatch>();
        // The host must wait for the agent's grace period, and a little more for handing tasks back.
        services.AddOptions<HostOptions>().Configure<IOptions<AgentOptions>>((host, agent) =>
        {
            var needed = agent.Value.ShutdownGracePeriod + TimeSpan.FromSeconds(10);
            if (host.ShutdownTimeout < needed) host.ShutdownTimeout = needed;
        });
        return services;
    }

    public static IEndpointRouteBuilder MapGridAgent(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<AgentApi>();
        // Where the process serves the health service, it answers for the Agent service by name too.
        endpoints.ServiceProvider.GetService<Grpc.HealthCheck.HealthServiceImpl>()?.SetStatus(
            Grid.Api.V1.AgentService.Descriptor.FullName, Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving);
        return endpoints;
    }
}
