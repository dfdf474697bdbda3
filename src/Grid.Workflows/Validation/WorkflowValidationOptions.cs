namespace Grid.Workflows;

/// <summary>What the validator must know about the installation: which plugin task types exist.</summary>
public sealed record WorkflowValidationOptions
{
    /// <summary>Only the bundled Argo plugin.</summary>
    public static WorkflowValidationOptions Default { get; } = new();

    /// <summary>Task types besides the built-in router and export; names compare case-insensitively.</summary>
    public IReadOnlyList<TaskPluginType> PluginTypes { get; init; } = [TaskPluginType.Argo];
}
