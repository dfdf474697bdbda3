namespace Grid.Workflows.Worker.Protocol;

/// <summary>Grid application names that workers serve for the engine's built-in plugins.</summary>
public static class WorkflowApplications
{
    /// <summary>Runs a command with the task's input and output folders (the <c>command</c> task type).</summary>
    public const string Command = "grid.workflows.command";
}
