namespace Grid.Workflows.Validation;

/// <summary>Lookups the rules share: tasks by id, their output artifacts, the gateway's export destinations, task kinds.</summary>
internal sealed class WorkflowIndex
{
    private readonly Dictionary<string, TaskPluginType> _plugins;

    public WorkflowIndex(WorkflowDefinition definition, WorkflowValidationOptions options)
    {
        Tasks = definition.Tasks?.Select(task => task ?? new WorkflowTask()).ToList() ?? [];
        _plugins = options.PluginTypes
            .GroupBy(plugin => plugin.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.First(), StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Tasks.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(Tasks[i].Id)) TaskIndexById.TryAdd(Tasks[i].Id!, i);
        }
        ExportDestinations = definition.InformaticsGateway?.ExportDestinations?.Where(name => name is not null).ToHashSet() ?? [];
    }

    /// <summary>The tasks, with null entries (written as <c>null</c> in JSON) read as empty tasks.</summary>
    public IReadOnlyList<WorkflowTask> Tasks { get; }

    /// <summary>The first task carrying each id; later duplicates are reported, not indexed.</summary>
    public Dictionary<string, int> TaskIndexById { get; } = new(StringComparer.Ordinal);

    public HashSet<string> ExportDestinations { get; }

    public IEnumerable<string> PluginNames => _plugins.Keys;

    public bool IsFirstWithItsId(int taskIndex) =>
        Tasks[taskIndex].Id is { } id && TaskIndexById.TryGetValue(id, out var first) && first == taskIndex;

    public TaskKind KindOf(WorkflowTask task) => task.Type?.Trim().ToLowerInvariant() switch
    {
        "router" => TaskKind.Router,
        "export" => TaskKind.Export,
        { } type when _plugins.ContainsKey(type) => TaskKind.Plugin,
        _ => TaskKind.Unknown,
    };

    public TaskPluginType? PluginOf(WorkflowTask task) =>
        task.Type is { } type && _plugins.TryGetValue(type.Trim(), out var plugin) ? plugin : null;

    public bool HasOutput(string taskId, string artifactName) =>
        TaskIndexById.TryGetValue(taskId, out var index)
        && Tasks[index].Artifacts?.Output?.Any(output => output?.Name == artifactName) == true;

    public bool HasOutputs(string taskId) =>
        TaskIndexById.TryGetValue(taskId, out var index) && Tasks[index].Artifacts?.Output is { Count: > 0 };
}
