using Grid.Workflows.Worker.Protocol;

namespace Grid.Workflows.Engine.Plugins;

/// <summary>
/// Task type <c>argo</c>: runs an Argo workflow on a Kubernetes cluster, from <c>args.workflow_template_name</c> (a
/// WorkflowTemplate in the cluster) or <c>args.workflow_template_spec</c> (inline); the other args become workflow
/// parameters. A task worker serving <see cref="WorkflowApplications.Argo"/> runs it (see <c>ArgoTaskHandler</c>);
/// <c>args.partition</c> picks the worker pool.
/// </summary>
public sealed class ArgoPlugin : ITaskPlugin
{
    public const string TypeName = "argo";

    // Either of the two template args will do, so the worker checks that one is given.
    public TaskPluginType Type { get; } = new(TypeName, []);

    public GridPlacement Place(WorkflowTask task) => new(WorkflowApplications.Argo, TaskArgs.String(task, "partition"));
}
