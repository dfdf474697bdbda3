using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Grid.Core.Api;

public static class GridGrpcHosting
{
    /// <summary>gRPC for the grid's servers: refusals mapped to statuses, unknown enum values refused, message limits. Safe to call more than once.</summary>
    public static IServiceCollection AddGridGrpc(this IServiceCollection services, GridLimits limits)
    {
        if (services.Any(s => s.ServiceType == typeof(GridExceptionInterceptor))) return services;
        services.AddSingleton<GridExceptionInterceptor>();
        services.AddSingleton<RequestEnumInterceptor>();
        services.AddSingleton<IStartupFilter>(new MessageSizeRefusal(limits.MaxMessageSize));
        services.AddGrpc(options =>
        {
            options.Interceptors.Add<GridExceptionInterceptor>();
            // Inside the first: its refusals are mapped like any other.
            options.Interceptors.Add<RequestEnumInterceptor>();
            options.MaxReceiveMessageSize = limits.MaxMessageSize;
            options.MaxSendMessageSize = limits.MaxMessageSize;
        });
        return services;
    }
}
