namespace Grid.Workflows.Engine.Instances;

public enum WorkflowInstanceStatus
{
    Running,
    Succeeded,
    Failed,
}
