using Grid.Workflows.Worker.Protocol;

namespace Grid.Workflows.Engine.Plugins;

/// <summary>
/// Task type <c>command</c>: runs <c>args.command</c> (with <c>args.arguments</c>) on a grid worker, with the task's
/// input and output folders (see <c>CommandTaskHandler</c>). <c>args.partition</c> picks the worker pool.
/// </summary>
public sealed class CommandPlugin : ITaskPlugin
{
    public const string TypeName = "command";

    public TaskPluginType Type { get; } = new(TypeName, ["command"]);

    public GridPlacement Place(WorkflowTask task) => new(WorkflowApplications.Command, TaskArgs.String(task, "partition"));
}
