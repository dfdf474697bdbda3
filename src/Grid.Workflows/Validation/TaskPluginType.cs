namespace Grid.Workflows;

/// <summary>An installed task plugin: the task type name it serves and the args it cannot do without.</summary>
public sealed record TaskPluginType(string Name, IReadOnlyList<string> RequiredArgs)
{
    public TaskPluginType(string name) : this(name, []) { }

    /// <summary>The Argo plugin bundled with the workflow manager.</summary>
    public static TaskPluginType Argo { get; } = new("argo", ["workflow_id", "server_url"]);
}
