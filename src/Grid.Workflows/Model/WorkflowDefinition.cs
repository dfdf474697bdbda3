using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grid.Workflows;

/// <summary>The top-level object of a clinical workflow specification.</summary>
public sealed record WorkflowDefinition
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("version")] public string? Version { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("informatics_gateway")] public InformaticsGatewaySettings? InformaticsGateway { get; init; }
    [JsonPropertyName("tasks")] public IReadOnlyList<WorkflowTask>? Tasks { get; init; }

    /// <summary>Reserved by the specification; kept as raw JSON until it is defined.</summary>
    [JsonPropertyName("task_templates")] public IReadOnlyList<JsonElement>? TaskTemplates { get; init; }

    [JsonPropertyName("retention_policy")] public IReadOnlyList<RetentionPolicy>? RetentionPolicy { get; init; }

    /// <summary>Fields this version does not know, kept so that newer documents round-trip.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalFields { get; set; }

    /// <summary>Reads a workflow from JSON; a syntax or type error comes back with its path and line.</summary>
    public static WorkflowParseResult Parse(string json) => WorkflowJsonReader.Read(json);
}
