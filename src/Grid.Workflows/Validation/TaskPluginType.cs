namespace Grid.Workflows;

/// <summary>An installed task plugin: the task type name it serves and the args it cannot do without.</summary>
public sealed record TaskPluginType(string Name, IReadOnlyList<string> RequiredArgs)
{
    public TaskPluginType(string name) : this(name, []) { }

    /// <summary>
    /// The Argo plugin bundled with the workflow manager. It declares no required args: it takes a template by name or
    /// inline, either one, and checks that when the task runs.
    /// </summary>
    public static TaskPluginType Argo { get; } = new("argo");
}
