using Grid.Hosting;
using Grid.Samples;
using Grid.Worker;
using Grid.Workflows.Dicom.Hosting;
using Grid.Workflows.Engine;
using Grid.Workflows.Engine.Hosting;
using Grid.Workflows.Worker;
using Grid.Workflows.Worker.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Grid.Cli;

/// <summary>
/// The workflow manager inside the one-process grid: its gRPC and HTTP/JSON API on the grid's port, its registry and
/// instances in the grid's data folder (<c>workflows/</c>), and an embedded worker that serves the <c>command</c> task
/// type and <paramref name="applications"/> besides the sample applications; DICOM ingest ports and export destinations
/// from <c>Grid:Workflows:Dicom</c>.
/// </summary>
public sealed class EmbeddedWorkflowManager(IReadOnlyDictionary<string, ITaskHandler>? applications = null) : IEmbeddedGridExtension
{
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration, EmbeddedGridEnvironment environment)
    {
        var handlers = new Dictionary<string, ITaskHandler>(applications ?? new Dictionary<string, ITaskHandler>())
        {
            [WorkflowApplications.Command] = new CommandTaskHandler(),
        };
        services.AddSingleton<ITaskHandler>(new TaskHandlerByApplication(handlers, new SampleTaskHandler()));
        services.AddGridWorkflows(configuration);
        services.AddGridWorkflowsDicom(configuration);
        services.PostConfigure<WorkflowEngineOptions>(options =>
        {
            options.GridAddress = environment.Address;
            if (options.DataFolder is null && environment.DataFolder is not null)
                options.DataFolder = Path.Combine(environment.DataFolder, "workflows");
        });
    }

    public void Map(WebApplication app)
    {
        app.MapGridWorkflows();
        app.MapGridWorkflowsDicom();
    }
}
