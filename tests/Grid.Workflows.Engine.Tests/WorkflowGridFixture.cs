using System.Net;
using Grid.Api.V1;
using Grid.Cli;
using Grid.Hosting;
using Grid.Worker;
using Grid.Workflows.Engine.Tests.Handlers;
using Grpc.Net.Client;

namespace Grid.Workflows.Engine.Tests;

/// <summary>
/// One embedded grid with the workflow manager and a worker that serves the test applications, on a free loopback
/// port. One <c>timeout_minutes</c> lasts <see cref="TimeoutMinute"/> so that timeouts are seen in seconds.
/// </summary>
public sealed class WorkflowGridFixture : IAsyncLifetime
{
    public static readonly TimeSpan TimeoutMinute = TimeSpan.FromSeconds(3);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"grid-workflow-tests-{Guid.NewGuid():N}");
    private GrpcChannel _channel = null!;

    public EmbeddedGrid Grid { get; private set; } = null!;
    public WorkflowsService.WorkflowsServiceClient Workflows { get; private set; } = null!;
    public WorkflowInstancesService.WorkflowInstancesServiceClient Instances { get; private set; } = null!;
    public TasksService.TasksServiceClient Tasks { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public string ExportFolder => Path.Combine(_folder, "exports");

    public async Task InitializeAsync()
    {
        var options = new EmbeddedGridOptions { Port = 0, DataFolder = Path.Combine(_folder, "grid"), Quiet = true };
        options.Settings["Grid:Storage:Tables:Kind"] = "InMemory";
        options.Settings["Grid:Workflows:TimeoutMinute"] = TimeoutMinute.ToString();
        options.Settings["Grid:Workflows:ExportFolder"] = ExportFolder;
        options.Extensions.Add(new EmbeddedWorkflowManager(new Dictionary<string, ITaskHandler>
        {
            [ClassifierHandler.Application] = new ClassifierHandler(),
            [SegmenterHandler.Application] = new SegmenterHandler(),
            [GateHandler.Application] = new GateHandler(),
        }));
        Grid = await EmbeddedGrid.StartAsync(options);
        _channel = GrpcChannel.ForAddress(Grid.Address);
        Workflows = new WorkflowsService.WorkflowsServiceClient(_channel);
        Instances = new WorkflowInstancesService.WorkflowInstancesServiceClient(_channel);
        Tasks = new TasksService.TasksServiceClient(_channel);
        // The embedded grid speaks HTTP/2 without TLS: the HTTP/JSON API is reached with prior knowledge.
        Http = new HttpClient
        {
            BaseAddress = new Uri(Grid.Address),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        _channel.Dispose();
        await Grid.DisposeAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}

[CollectionDefinition("workflow-grid")]
public sealed class WorkflowGridCollection : ICollectionFixture<WorkflowGridFixture>;
