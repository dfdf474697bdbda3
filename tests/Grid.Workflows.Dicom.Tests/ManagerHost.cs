using System.Net;
using Grid.Api.V1;
using Grid.Workflows.Dicom.Export;
using Grid.Workflows.Dicom.Hosting;
using Grid.Workflows.Dicom.Ingest;
using Grid.Workflows.Engine.Execution;
using Grid.Workflows.Engine.Hosting;
using Grid.Workflows.Engine.Registry;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grid.Workflows.Dicom.Tests;

/// <summary>
/// The workflow manager with DICOM ingest and export as its own host on a free loopback port, against a grid, with
/// its state in a data folder (so that a second host on the same folder is a restart).
/// </summary>
internal sealed class ManagerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private ManagerHost(WebApplication app)
    {
        _app = app;
        _channel = GrpcChannel.ForAddress(app.Urls.First());
        Instances = new WorkflowInstancesService.WorkflowInstancesServiceClient(_channel);
        Destinations = new DicomDestinationsService.DicomDestinationsServiceClient(_channel);
        Http = new HttpClient
        {
            BaseAddress = new Uri(app.Urls.First()),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public WorkflowInstancesService.WorkflowInstancesServiceClient Instances { get; }
    public DicomDestinationsService.DicomDestinationsServiceClient Destinations { get; }
    public HttpClient Http { get; }
    public DicomIngestService Ingest => _app.Services.GetRequiredService<DicomIngestService>();
    public DicomExportStatistics ExportStatistics => _app.Services.GetRequiredService<DicomExportStatistics>();
    public WorkflowEngine Engine => _app.Services.GetRequiredService<WorkflowEngine>();

    public static async Task<ManagerHost> StartAsync(string gridAddress, string dataFolder, IReadOnlyDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var all = new Dictionary<string, string?>
        {
            ["Grid:Workflows:GridAddress"] = gridAddress,
            ["Grid:Workflows:DataFolder"] = dataFolder,
            ["Kestrel:EndpointDefaults:Protocols"] = "Http2",
            ["Grid:Workflows:Dicom:FlushToDisk"] = "false",
            ["Grid:Workflows:Dicom:Export:MaxAttempts"] = "8",
            ["Grid:Workflows:Dicom:Export:InitialBackoff"] = "00:00:00.200",
            ["Grid:Workflows:Dicom:Export:MaxBackoff"] = "00:00:01",
            ["Grid:Workflows:Dicom:Export:ConnectTimeout"] = "00:00:02",
            ["Grid:Workflows:Dicom:Export:ResponseTimeout"] = "00:00:20",
        };
        foreach (var (key, value) in settings) all[key] = value;
        builder.Configuration.AddInMemoryCollection(all);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddGridWorkflows(builder.Configuration);
        builder.Services.AddGridWorkflowsDicom(builder.Configuration);
        var app = builder.Build();
        app.MapGridWorkflows();
        app.MapGridWorkflowsDicom();
        await app.StartAsync();
        return new ManagerHost(app);
    }

    /// <summary>Settings of one ingest AE title (entry <paramref name="index"/> of Grid:Workflows:Dicom:AeTitles) on a free port.</summary>
    public static Dictionary<string, string?> AeTitle(int index, string aeTitle, TimeSpan timeout, params string[] allowedCalling)
    {
        var prefix = $"Grid:Workflows:Dicom:AeTitles:{index}";
        var settings = new Dictionary<string, string?>
        {
            [$"{prefix}:AeTitle"] = aeTitle,
            [$"{prefix}:Port"] = "0",
            [$"{prefix}:Timeout"] = timeout.ToString(),
        };
        for (var i = 0; i < allowedCalling.Length; i++) settings[$"{prefix}:AllowedCallingAeTitles:{i}"] = allowedCalling[i];
        return settings;
    }

    public async Task<string> RegisterAsync(string definitionJson)
    {
        try
        {
            return (await _app.Services.GetRequiredService<WorkflowRegistry>().CreateAsync(definitionJson, default)).WorkflowId;
        }
        catch (Grid.Workflows.Engine.WorkflowRequestException e)
        {
            throw new InvalidOperationException($"the test workflow is refused: {e.Describe()}", e);
        }
    }

    public async Task<IReadOnlyList<WorkflowInstance>> InstancesOfAsync(string workflowId) =>
        (await Instances.ListWorkflowInstancesAsync(new ListWorkflowInstancesRequest { WorkflowId = workflowId })).Instances;

    /// <summary>Waits (with a deadline) for the instance to end and returns it.</summary>
    public async Task<WorkflowInstance> UntilEndedAsync(string instanceId, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var instance = (await Instances.GetWorkflowInstanceAsync(new GetWorkflowInstanceRequest { InstanceId = instanceId })).Instance;
            if (instance.Status != WorkflowInstanceStatus.Running) return instance;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"instance {instanceId} still running: {Describe(instance)}");
            await Task.Delay(50);
        }
    }

    public static string Describe(WorkflowInstance instance) =>
        $"{instance.InstanceId} {instance.Status} {instance.ErrorMessage}; executions: "
        + string.Join("; ", instance.Executions.Select(e => $"{e.TaskId}={e.Status} {e.ErrorMessage} {string.Join(" ", e.RoutingErrors)}"));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
