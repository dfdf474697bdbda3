namespace Grid.Workflows.Engine.Plugins;

/// <summary>
/// Task type <c>grid</c>: runs the task on a grid worker pool. <c>args.application_name</c> picks the worker
/// application; <c>args.partition</c> (the pool) and <c>args.application_version</c> are optional.
/// </summary>
public sealed class GridWorkerPoolPlugin : ITaskPlugin
{
    public const string TypeName = "grid";

    public TaskPluginType Type { get; } = new(TypeName, ["application_name"]);

    public GridPlacement Place(WorkflowTask task) => new(
        TaskArgs.String(task, "application_name") ?? throw new InvalidOperationException($"task '{task.Id}' has no args.application_name"),
        TaskArgs.String(task, "partition"),
        TaskArgs.String(task, "application_version"));
}
