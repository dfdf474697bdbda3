using System.Text.Json.Serialization;

namespace Grid.Workflows;

/// <summary>An export destination declared by the informatics gateway that receives this task's output.</summary>
public sealed record ExportDestination
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("artifacts")] public IReadOnlyList<Artifact>? Artifacts { get; init; }
}
