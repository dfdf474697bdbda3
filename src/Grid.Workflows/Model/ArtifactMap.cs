using System.Text.Json.Serialization;

namespace Grid.Workflows;

/// <summary>The artifacts a task needs and the artifacts it produces.</summary>
public sealed record ArtifactMap
{
    [JsonPropertyName("input")] public IReadOnlyList<Artifact>? Input { get; init; }
    [JsonPropertyName("output")] public IReadOnlyList<Artifact>? Output { get; init; }
}
