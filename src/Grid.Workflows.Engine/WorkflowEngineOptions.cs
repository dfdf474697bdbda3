namespace Grid.Workflows.Engine;

/// <summary>Settings of the workflow manager, from <c>Grid:Workflows</c>.</summary>
public sealed class WorkflowEngineOptions
{
    /// <summary>Address of the grid's control plane that runs the tasks.</summary>
    public string GridAddress { get; set; } = "http://127.0.0.1:5000";

    /// <summary>Folder for the registry and the instances; null keeps them in memory (lost on restart).</summary>
    public string? DataFolder { get; set; }

    /// <summary>
    /// Root of the folder export sink: each instance exports into <c>&lt;folder&gt;/&lt;instance id&gt;/</c>.
    /// Null: <c>exports</c> inside <see cref="DataFolder"/>, or <c>./exports</c> without a data folder.
    /// </summary>
    public string? ExportFolder { get; set; }

    public string ResolvedExportFolder => ExportFolder ?? (DataFolder is null ? "./exports" : Path.Combine(DataFolder, "exports"));

    /// <summary>The grid partition (worker pool) of plugin tasks whose args name none.</summary>
    public string DefaultPartition { get; set; } = "default";

    /// <summary>
    /// How long one unit of <c>timeout_minutes</c> lasts. One minute in production; tests and demos shorten it so
    /// that a timeout can be seen without waiting minutes.
    /// </summary>
    public TimeSpan TimeoutMinute { get; set; } = TimeSpan.FromMinutes(1);
}
