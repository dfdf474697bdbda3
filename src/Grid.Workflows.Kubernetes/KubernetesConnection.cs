using Grid.Worker;
using k8s;
using k8s.Exceptions;
using Microsoft.Extensions.Logging;

namespace Grid.Workflows.Kubernetes;

/// <summary>
/// The client of the cluster the tasks run on, built at the first task that needs it: a worker without Kubernetes
/// settings starts and serves its other applications, and only tasks of these types fail, saying what to set.
/// </summary>
public sealed class KubernetesConnection : IDisposable
{
    private readonly Func<KubernetesClientConfiguration>? _configuration;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private k8s.Kubernetes? _client;

    /// <summary>A connection configured by <paramref name="options"/> (in-cluster or a kubeconfig file).</summary>
    public KubernetesConnection(KubernetesTaskOptions options, ILoggerFactory loggerFactory)
        : this(options, ConfigurationOf(options), loggerFactory)
    {
    }

    /// <summary>A connection to the cluster <paramref name="configuration"/> names (for example an API server's address).</summary>
    public KubernetesConnection(KubernetesTaskOptions options, KubernetesClientConfiguration configuration, ILoggerFactory loggerFactory)
        : this(options, () => configuration, loggerFactory)
    {
    }

    private KubernetesConnection(KubernetesTaskOptions options, Func<KubernetesClientConfiguration>? configuration, ILoggerFactory loggerFactory)
    {
        Options = options;
        _configuration = configuration;
        _logger = loggerFactory.CreateLogger("Grid.Workflows.Kubernetes");
    }

    public KubernetesTaskOptions Options { get; }

    /// <summary>The client; a missing or unreadable configuration fails the task with what to fix.</summary>
    public IKubernetes Client(string taskId, string taskType)
    {
        lock (_lock)
        {
            if (_client is not null) return _client;
            if (_configuration is null)
                throw new TaskFailedException(
                    $"task '{taskId}' of type '{taskType}' needs a Kubernetes cluster, and this worker has none configured: "
                    + $"set {KubernetesTaskOptions.Section}:InCluster to true, or {KubernetesTaskOptions.Section}:Kubeconfig to a kubeconfig file");
            KubernetesClientConfiguration configuration;
            try
            {
                configuration = _configuration();
            }
            catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new TaskFailedException($"task '{taskId}' of type '{taskType}': the Kubernetes configuration could not be loaded: {e.Message}");
            }
            _client = new k8s.Kubernetes(configuration, new ApiServerRetryHandler(Options.MaxApiRetries, Options.MaxApiRetryDelay, _logger));
            return _client;
        }
    }

    public ILogger Logger => _logger;

    public void Dispose()
    {
        lock (_lock) _client?.Dispose();
    }

    private static Func<KubernetesClientConfiguration>? ConfigurationOf(KubernetesTaskOptions options)
    {
        if (options.InCluster) return KubernetesClientConfiguration.InClusterConfig;
        if (!string.IsNullOrWhiteSpace(options.Kubeconfig))
            return () => KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig, string.IsNullOrWhiteSpace(options.Context) ? null : options.Context);
        return null;
    }
}
