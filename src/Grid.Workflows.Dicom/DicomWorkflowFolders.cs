using Grid.Workflows.Engine;

namespace Grid.Workflows.Dicom;

/// <summary>Where DICOM ingest and the destinations registered through the API are kept.</summary>
internal static class DicomWorkflowFolders
{
    public static string Ingest(DicomWorkflowOptions options, WorkflowEngineOptions engine) =>
        options.Folder is { } folder ? Path.Combine(folder, "ingest")
        : engine.DataFolder is { } data ? Path.Combine(data, "dicom", "ingest")
        : Path.Combine(Path.GetTempPath(), $"grid-dicom-ingest-{Environment.ProcessId}-{Guid.NewGuid():N}");

    /// <summary>Null when the manager keeps everything in memory.</summary>
    public static string? DestinationsFile(DicomWorkflowOptions options, WorkflowEngineOptions engine) =>
        options.Folder is { } folder ? Path.Combine(folder, "destinations.json")
        : engine.DataFolder is { } data ? Path.Combine(data, "dicom", "destinations.json")
        : null;
}
