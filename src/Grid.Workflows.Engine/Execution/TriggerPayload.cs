using Grid.Workflows.Engine.Instances;
using Grid.Workflows.Worker.Protocol;

namespace Grid.Workflows.Engine.Execution;

/// <summary>
/// The data that starts workflows: files and their DICOM tags, the AE title they were sent to and the system they
/// came from, or explicit workflow ids.
/// </summary>
public sealed record TriggerPayload
{
    public string? AeTitle { get; init; }
    public string? DataOrigin { get; init; }
    public IReadOnlyList<string> WorkflowIds { get; init; } = [];
    public IReadOnlyList<ArtifactFile> Files { get; init; } = [];

    /// <summary>Further input files read from disk while the input is uploaded (a received study), never held in memory.</summary>
    public IReadOnlyList<ArtifactFileOnDisk> FilesOnDisk { get; init; } = [];
    public InputDicom Dicom { get; init; } = new();
}
