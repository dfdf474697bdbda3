namespace Grid.Workflows.Validation;

/// <summary>Length limits; see the README for where each comes from.</summary>
internal static class FieldLimits
{
    public const int WorkflowName = 15;
    public const int WorkflowVersion = 50;
    public const int WorkflowDescription = 200;
    public const int AeTitle = 16;
    public const int TaskId = 50;
    public const int TaskDescription = 2000;
    public const int Name = 64;
    public const int Condition = 2000;
}
