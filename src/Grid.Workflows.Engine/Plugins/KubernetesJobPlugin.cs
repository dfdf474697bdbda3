using Grid.Workflows.Worker.Protocol;

namespace Grid.Workflows.Engine.Plugins;

/// <summary>
/// Task type <c>kubernetes-job</c>: runs the container image <c>args.image</c> as a Kubernetes Job. A task worker
/// serving <see cref="WorkflowApplications.KubernetesJob"/> runs it (see <c>KubernetesJobTaskHandler</c>);
/// <c>args.partition</c> picks the worker pool.
/// </summary>
public sealed class KubernetesJobPlugin : ITaskPlugin
{
    public const string TypeName = "kubernetes-job";

    public TaskPluginType Type { get; } = new(TypeName, ["image"]);

    public GridPlacement Place(WorkflowTask task) => new(WorkflowApplications.KubernetesJob, TaskArgs.String(task, "partition"));
}
