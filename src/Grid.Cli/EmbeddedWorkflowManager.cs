using Grid.Hosting;
using Grid.Samples;
using Grid.Worker;
using Grid.Workflows.Dicom.Hosting;
using Grid.Workflows.Engine;
using Grid.Workflows.Engine.Hosting;
using Grid.Workflows.Kubernetes;
using Grid.Workflows.Worker;
using Grid.Workflows.Worker.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Grid.Cli;

/// <summary>
/// The workflow manager inside the one-process grid: its gRPC and HTTP/JSON API on the grid's port, its registry and
/// instances in the grid's data folder (<c>workflows/</c>), and an embedded worker that serves the <c>command</c>,
/// <c>argo</c> and <c>kubernetes-job</c> task types (the last two with <c>Grid:Workflows:Kubernetes</c>; without it
/// their tasks fail saying what to set) and <paramref name="applications"/> besides the sample applications; DICOM ingest ports and export destinations
/// from <c>Grid:Workflows:Dicom</c>.
/// </summary>
public sealed class EmbeddedWorkflowManager(IReadOnlyDictionary<string, ITaskHandler>? applications = null) : IEmbeddedGridExtension
{
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration, EmbeddedGridEnvironment environment)
    {
        services.AddGridKubernetesTasks(configuration);
        services.AddSingleton<ITaskHandler>(provider =>
        {
            // The handlers given replace the built-in ones of the same application.
            var handlers = new Dictionary<string, ITaskHandler>(applications ?? new Dictionary<string, ITaskHandler>());
            handlers.TryAdd(WorkflowApplications.Command, new CommandTaskHandler());
            handlers.TryAdd(WorkflowApplications.Argo, provider.GetRequiredService<ArgoTaskHandler>());
            handlers.TryAdd(WorkflowApplications.KubernetesJob, provider.GetRequiredService<KubernetesJobTaskHandler>());
            return new TaskHandlerByApplication(handlers, new SampleTaskHandler());
        });
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
