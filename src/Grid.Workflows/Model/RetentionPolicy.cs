using System.Text.Json.Serialization;

namespace Grid.Workflows;

/// <summary>How long the data a workflow processes and produces is kept (a future feature of the specification).</summary>
public sealed record RetentionPolicy
{
    [JsonPropertyName("days")] public int? Days { get; init; }
}
