namespace Grid.Workflows.Engine.Instances;

public enum TaskExecutionStatus
{
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
