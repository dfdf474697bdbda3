namespace Grid.Workflows.Kubernetes;

/// <summary>
/// Settings of the <c>argo</c> and <c>kubernetes-job</c> task handlers, from <c>Grid:Workflows:Kubernetes</c>. Give
/// either <see cref="InCluster"/> or <see cref="Kubeconfig"/>; with neither, tasks of those types fail saying so.
/// </summary>
public sealed class KubernetesTaskOptions
{
    public const string Section = "Grid:Workflows:Kubernetes";

    /// <summary>Use the service account of the pod this worker runs in.</summary>
    public bool InCluster { get; set; }

    /// <summary>Path of a kubeconfig file, when not <see cref="InCluster"/>.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context to use; its current context when empty.</summary>
    public string? Context { get; set; }

    /// <summary>Where the Argo workflows and Jobs are created.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>The service account the workflows' and Jobs' pods run as; the namespace's default when empty.</summary>
    public string? ServiceAccountName { get; set; }

    /// <summary>How long a finished workflow or Job stays in the cluster for inspection before Kubernetes removes it.</summary>
    public TimeSpan FinishedRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Retries of an API request the server throttled (429) or failed (5xx), after the first try.</summary>
    public int MaxApiRetries { get; set; } = 6;

    /// <summary>The longest wait between two tries, whatever the server's Retry-After says.</summary>
    public TimeSpan MaxApiRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a watch may stay open before it is renewed (from the last resource version seen).</summary>
    public TimeSpan WatchRenewal { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Where the tasks' input and output artifacts travel between this worker and the cluster.</summary>
    public S3ArtifactOptions Artifacts { get; set; } = new();
}
