namespace Grid.Workflows.Engine.Plugins;

/// <summary>
/// A task type besides router and export. The engine turns every execution of such a task into one grid task
/// (payload: the task manifest; data dependencies: the input artifacts; expected outputs: the output artifacts and
/// the report); the plugin says which worker application and pool run it.
/// </summary>
public interface ITaskPlugin
{
    /// <summary>The task type name it serves and the args a task of that type must have.</summary>
    TaskPluginType Type { get; }

    GridPlacement Place(WorkflowTask task);
}
