using Grid.Workflows.Validation;

namespace Grid.Workflows;

/// <summary>Checks a workflow definition and reports every problem at once, each with its JSON path.</summary>
public static class WorkflowValidator
{
    public static IReadOnlyList<WorkflowValidationError> Validate(WorkflowDefinition definition, WorkflowValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new ValidationErrors();
        var index = new WorkflowIndex(definition, options ?? WorkflowValidationOptions.Default);
        WorkflowFieldRules.Check(definition, errors);
        for (var i = 0; i < index.Tasks.Count; i++)
        {
            TaskFieldRules.Check(i, index, errors);
            ArtifactRules.Check(i, index, errors);
            DestinationRules.Check(i, index, errors);
        }
        TaskGraphRules.Check(index, errors);
        return errors.Items;
    }
}
