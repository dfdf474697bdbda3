using System.Text.Json;

namespace Grid.Workflows.Worker.Protocol;

/// <summary>
/// The payload of a grid task that runs one workflow task execution: what the task is, its args, and which grid
/// results hold its input artifacts and must receive its output artifacts and its report.
/// </summary>
public sealed record WorkflowTaskManifest
{
    public required string WorkflowId { get; init; }
    public required int WorkflowRevision { get; init; }
    public required string InstanceId { get; init; }
    public required string ExecutionId { get; init; }
    public required string TaskId { get; init; }
    public required string TaskType { get; init; }

    /// <summary>The task's <c>args</c>, as written in the workflow.</summary>
    public IReadOnlyDictionary<string, JsonElement> Args { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>The task's <c>resources</c> request (cpu, memory, gpu) as written in the workflow, or null.</summary>
    public JsonElement? Resources { get; init; }

    /// <summary>Input artifacts that exist (a missing optional one is left out).</summary>
    public IReadOnlyList<ManifestArtifact> Inputs { get; init; } = [];

    /// <summary>Every declared output artifact, each with the grid result it must be written to.</summary>
    public IReadOnlyList<ManifestArtifact> Outputs { get; init; } = [];

    /// <summary>The grid result that receives the <see cref="WorkflowTaskReport"/>.</summary>
    public required string ReportResultId { get; init; }

    /// <summary>The DICOM tags of the workflow's input, so that a task can read them without opening files.</summary>
    public ManifestDicom? Dicom { get; init; }

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, ProtocolJson.Options);

    public static WorkflowTaskManifest FromBytes(ReadOnlySpan<byte> data) =>
        JsonSerializer.Deserialize<WorkflowTaskManifest>(data, ProtocolJson.Options)
        ?? throw new InvalidDataException("the task payload is not a workflow task manifest");
}

/// <summary>An artifact of a task and the grid result that holds its files (a tar archive).</summary>
public sealed record ManifestArtifact(string Name, string ResultId, bool Mandatory = false);

/// <summary>The DICOM tags of the workflow input; tag keys are "gggg,eeee".</summary>
public sealed record ManifestDicom
{
    public string? StudyId { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Series { get; init; } = [];
}
