using System.Text.Json.Serialization;

namespace Grid.Workflows;

/// <summary>A task to run after this one, when every one of its conditions holds.</summary>
public sealed record TaskDestination
{
    [JsonPropertyName("name")] public string? Name { get; init; }

    /// <summary>All must hold (AND). A single string is accepted as a list of one.</summary>
    [JsonPropertyName("conditions")]
    [JsonConverter(typeof(StringOrStringListConverter))]
    public IReadOnlyList<string>? Conditions { get; init; }
}
