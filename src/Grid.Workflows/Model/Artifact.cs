using System.Text.Json.Serialization;

namespace Grid.Workflows;

/// <summary>
/// A named artifact. For an input, <see cref="Value"/> is a reference such as
/// <c>{{ context.executions.detector.artifacts.dicom }}</c>; for an output it is optional and fixes the value.
/// </summary>
public sealed record Artifact
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("value")] public string? Value { get; init; }
    [JsonPropertyName("mandatory")] public bool Mandatory { get; init; }
}
