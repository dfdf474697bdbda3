namespace Grid.Workflows;

/// <summary>One problem in a workflow: a JSON path such as <c>$.tasks[2].task_destinations[0].name</c> and a plain sentence.</summary>
public sealed record WorkflowValidationError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
