using System.Net;
using Grid.Api.V1;
using Grid.Cli;
using Grid.Hosting;
using Grid.Worker;
using Grid.Workflows.Worker.Protocol;
using Grpc.Net.Client;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grid.Workflows.Kubernetes.Tests;

/// <summary>
/// One embedded grid with the workflow manager, whose worker runs the argo and kubernetes-job handlers against the
/// <see cref="KubernetesApiStandIn"/> and passes artifacts through the S3 test server. One <c>timeout_minutes</c>
/// lasts <see cref="TimeoutMinute"/> so that timeouts are seen in seconds.
/// </summary>
public sealed class KubernetesGridFixture : IAsyncLifetime
{
    public const string Namespace = "grid-tasks";
    public const string CredentialsSecret = "grid-artifacts";
    public static readonly TimeSpan TimeoutMinute = TimeSpan.FromSeconds(3);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"grid-kubernetes-tests-{Guid.NewGuid():N}");
    private GrpcChannel _channel = null!;
    private KubernetesConnection _connection = null!;

    public KubernetesApiStandIn Api { get; private set; } = null!;
    public EmbeddedGrid Grid { get; private set; } = null!;
    public WorkflowsService.WorkflowsServiceClient Workflows { get; private set; } = null!;
    public WorkflowInstancesService.WorkflowInstancesServiceClient Instances { get; private set; } = null!;
    public string ExportFolder => Path.Combine(_folder, "exports");

    /// <summary>Every object key of this fixture's artifacts starts with it, so that runs sharing the bucket do not meet.</summary>
    public string KeyPrefix { get; } = $"kubernetes-tests-{Guid.NewGuid():N}/";

    public KubernetesTaskOptions Options { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Api = await KubernetesApiStandIn.StartAsync();
        Options = new KubernetesTaskOptions
        {
            Namespace = Namespace,
            MaxApiRetryDelay = TimeSpan.FromSeconds(5),
            Artifacts = new S3ArtifactOptions
            {
                ServiceUrl = TestS3.ServiceUrl,
                Bucket = TestS3.Bucket,
                AccessKey = TestS3.AccessKey,
                SecretKey = TestS3.SecretKey,
                KeyPrefix = KeyPrefix,
                CredentialsSecret = CredentialsSecret,
            },
        };
        _connection = new KubernetesConnection(Options, new KubernetesClientConfiguration { Host = Api.Address }, NullLoggerFactory.Instance);

        var options = new EmbeddedGridOptions { Port = 0, DataFolder = Path.Combine(_folder, "grid"), Quiet = true };
        options.Settings["Grid:Storage:Tables:Kind"] = "InMemory";
        options.Settings["Grid:Workflows:TimeoutMinute"] = TimeoutMinute.ToString();
        options.Settings["Grid:Workflows:ExportFolder"] = ExportFolder;
        options.Extensions.Add(new EmbeddedWorkflowManager(new Dictionary<string, ITaskHandler>
        {
            [WorkflowApplications.Argo] = new ArgoTaskHandler(_connection),
            [WorkflowApplications.KubernetesJob] = new KubernetesJobTaskHandler(_connection),
            [FailWhenObjectExistsHandler.Application] = new FailWhenObjectExistsHandler(Api),
        }));
        Grid = await EmbeddedGrid.StartAsync(options);
        _channel = GrpcChannel.ForAddress(Grid.Address);
        Workflows = new WorkflowsService.WorkflowsServiceClient(_channel);
        Instances = new WorkflowInstancesService.WorkflowInstancesServiceClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await Grid.DisposeAsync();
        _connection.Dispose();
        await Api.DisposeAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}

[CollectionDefinition("kubernetes-grid")]
public sealed class KubernetesGridCollection : ICollectionFixture<KubernetesGridFixture>;
