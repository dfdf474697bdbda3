using Grid.Workflows.Worker.Protocol;

namespace Grid.Workflows.Engine.Export;

/// <summary>Artifacts one task execution sends to one export destination.</summary>
public sealed record ExportRequest(string InstanceId, string WorkflowId, string TaskId, string ExecutionId, string Destination, IReadOnlyList<ExportedArtifact> Artifacts);

public sealed record ExportedArtifact(string Name, IReadOnlyList<ArtifactFile> Files);
