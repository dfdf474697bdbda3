namespace Grid.Workflows.Kubernetes;

/// <summary>
/// The S3 bucket through which a task's artifacts reach its pods and come back, from
/// <c>Grid:Workflows:Kubernetes:Artifacts</c>. The worker uploads inputs and downloads outputs with the access key;
/// the pods read the credentials from <see cref="CredentialsSecret"/>.
/// </summary>
public sealed class S3ArtifactOptions
{
    /// <summary>The endpoint as this worker reaches it, for example <c>http://minio.storage:9000</c>; addressed path-style.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The endpoint as the pods reach it (<c>host:port</c>); the host and port of <see cref="ServiceUrl"/> when empty.</summary>
    public string? ClusterEndpoint { get; set; }

    public string? Bucket { get; set; }

    public string Region { get; set; } = "us-east-1";

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Prepended to every object key, so that several grids can share one bucket.</summary>
    public string KeyPrefix { get; set; } = "workflow-tasks/";

    /// <summary>
    /// A Secret in the tasks' namespace holding the pods' credentials under <see cref="AccessKeyKey"/> and
    /// <see cref="SecretKeyKey"/>; when empty the pods get no credentials from the grid (Argo's artifact repository or
    /// the pods' own identity must provide them).
    /// </summary>
    public string? CredentialsSecret { get; set; }

    public string AccessKeyKey { get; set; } = "accessKey";

    public string SecretKeyKey { get; set; } = "secretKey";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ServiceUrl) && !string.IsNullOrWhiteSpace(Bucket);

    /// <summary>True when the pods reach the endpoint over plain HTTP.</summary>
    public bool Insecure => ServiceUrl?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true;

    public string PodEndpoint => !string.IsNullOrWhiteSpace(ClusterEndpoint)
        ? ClusterEndpoint
        : new Uri(ServiceUrl!).Authority;
}
