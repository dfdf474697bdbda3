namespace Grid.Workflows.Engine.Plugins;

/// <summary>The task plugins installed in this workflow manager; task type names compare case-insensitively.</summary>
public sealed class TaskPluginCatalog(IEnumerable<ITaskPlugin> plugins)
{
    private readonly IReadOnlyList<ITaskPlugin> _plugins = plugins.ToList();

    public WorkflowValidationOptions ValidationOptions => new() { PluginTypes = _plugins.Select(p => p.Type).ToList() };

    public ITaskPlugin? Find(string? type) =>
        _plugins.FirstOrDefault(p => string.Equals(p.Type.Name, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The partitions the plugin tasks of <paramref name="definition"/> run on.</summary>
    public IReadOnlyList<string> PartitionsOf(WorkflowDefinition definition, string defaultPartition) =>
        (definition.Tasks ?? [])
            .Select(task => Find(task.Type) is { } plugin ? plugin.Place(task).PartitionId ?? defaultPartition : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
