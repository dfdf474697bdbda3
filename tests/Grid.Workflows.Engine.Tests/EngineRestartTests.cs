using Grid.Api.V1;
using Grid.Hosting;
using Grid.Samples;
using Grid.Worker;
using Grid.Workflows.Engine.Execution;
using Grid.Workflows.Engine.Hosting;
using Grid.Workflows.Engine.Registry;
using Grid.Workflows.Engine.Tests.Handlers;
using Grid.Workflows.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grid.Workflows.Engine.Tests;

/// <summary>The workflow manager as its own process against a grid: stopped while an instance runs, then started again.</summary>
public sealed class EngineRestartTests
{
    [Fact]
    public async Task An_instance_whose_grid_task_ended_while_the_manager_was_stopped_is_resumed_and_finished()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"grid-workflow-restart-{Guid.NewGuid():N}");
        var gridOptions = new EmbeddedGridOptions { Port = 0, Quiet = true };
        gridOptions.Extensions.Add(new TestWorker());
        await using var grid = await EmbeddedGrid.StartAsync(gridOptions);
        try
        {
            string instanceId;
            await using (var manager = await StartManagerAsync(grid.Address, folder))
            {
                var workflow = await manager.Services.GetRequiredService<WorkflowRegistry>().CreateAsync(GatedWorkflow, default);
                var started = await manager.Services.GetRequiredService<WorkflowEngine>().TriggerAsync(
                    new TriggerPayload { WorkflowIds = [workflow.WorkflowId], Dicom = new() { StudyId = "gate-restart" } }, default);
                instanceId = started.Single().InstanceId;
                await GateHandler.EnteredAsync("gate-restart").WaitAsync(InstanceWaits.Deadline);
            }

            // The grid task completes while no manager is watching.
            GateHandler.Open("gate-restart");
            await using (var restarted = await StartManagerAsync(grid.Address, folder))
            {
                var client = new WorkflowInstancesService.WorkflowInstancesServiceClient(Grpc.Net.Client.GrpcChannel.ForAddress(restarted.Urls.First()));
                var instance = await InstanceWaits.UntilEndedAsync(client, instanceId);

                InstanceWaits.AssertStatus(WorkflowInstanceStatus.Succeeded, instance);
                Assert.Equal(["hold", "after"], instance.Executions.Select(e => e.TaskId));
            }
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<WebApplication> StartManagerAsync(string gridAddress, string dataFolder)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Grid:Workflows:GridAddress"] = gridAddress,
            ["Grid:Workflows:DataFolder"] = dataFolder,
            ["Kestrel:EndpointDefaults:Protocols"] = "Http2",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddGridWorkflows(builder.Configuration);
        var app = builder.Build();
        app.MapGridWorkflows();
        await app.StartAsync();
        return app;
    }

    /// <summary>Serves the gate application on the grid's embedded worker, and the sample applications besides.</summary>
    private sealed class TestWorker : IEmbeddedGridExtension
    {
        public void ConfigureServices(IServiceCollection services, IConfiguration configuration, EmbeddedGridEnvironment environment) =>
            services.AddSingleton<ITaskHandler>(new TaskHandlerByApplication(
                new Dictionary<string, ITaskHandler> { [GateHandler.Application] = new GateHandler() }, new SampleTaskHandler()));

        public void Map(WebApplication app) { }
    }

    private const string GatedWorkflow = """
        {
          "name": "restart",
          "version": "1",
          "informatics_gateway": { "ae_title": "RESTART_AET" },
          "tasks": [
            { "id": "hold", "type": "grid", "args": { "application_name": "test-gate" }, "task_destinations": [ { "name": "after" } ] },
            { "id": "after", "type": "router" }
          ]
        }
        """;
}
