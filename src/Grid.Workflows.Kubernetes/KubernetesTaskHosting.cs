using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Workflows.Kubernetes;

public static class KubernetesTaskHosting
{
    /// <summary>
    /// The <see cref="ArgoTaskHandler"/> and <see cref="KubernetesJobTaskHandler"/>, configured from
    /// <c>Grid:Workflows:Kubernetes</c>. Nothing connects to the cluster until the first such task.
    /// </summary>
    public static IServiceCollection AddGridKubernetesTasks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KubernetesTaskOptions>().Bind(configuration.GetSection(KubernetesTaskOptions.Section));
        services.TryAddSingleton(sp => new KubernetesConnection(sp.GetRequiredService<IOptions<KubernetesTaskOptions>>().Value, sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton<ArgoTaskHandler>();
        services.TryAddSingleton<KubernetesJobTaskHandler>();
        return services;
    }
}
