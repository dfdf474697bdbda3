using Grid.Core.Api;
using Grid.Worker;
using Grid.Workflows.Kubernetes;
using Grid.Workflows.TaskWorker;
using Grid.Workflows.Worker;
using Grid.Workflows.Worker.Protocol;

// The worker of the built-in task types beside its agent (Grid:Worker:AgentAddress), in a multi-process grid. The
// argo and kubernetes-job tasks need Grid:Workflows:Kubernetes; without it only those tasks fail, saying so.
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddGridDefaults("http://127.0.0.1:5300", new Dictionary<string, string?> { ["Grid:Worker:AgentAddress"] = "http://127.0.0.1:5200" });
builder.Services.AddGridKubernetesTasks(builder.Configuration);
builder.Services.AddSingleton<ITaskHandler>(services =>
{
    var handlers = new Dictionary<string, ITaskHandler>
    {
        [WorkflowApplications.Command] = new CommandTaskHandler(),
        [WorkflowApplications.Argo] = services.GetRequiredService<ArgoTaskHandler>(),
        [WorkflowApplications.KubernetesJob] = services.GetRequiredService<KubernetesJobTaskHandler>(),
    };
    return new TaskHandlerByApplication(handlers, new UnservedApplicationHandler(handlers.Keys));
});
builder.Services.AddGridWorker<TaskHandlerByApplication>(builder.Configuration);
var app = builder.Build();
app.MapGridWorker();
app.Run();
