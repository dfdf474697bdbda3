using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grid.Workflows;

/// <summary>One step of a workflow: a router, an export, or a task run by a plugin.</summary>
public sealed record WorkflowTask
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("timeout_minutes")] public int? TimeoutMinutes { get; init; }

    /// <summary>The specification's name for the number of retries.</summary>
    [JsonPropertyName("timeout_retries")] public int? TimeoutRetries { get; init; }

    /// <summary>Accepted as a shorter spelling of <see cref="TimeoutRetries"/>; give one or the other.</summary>
    [JsonPropertyName("retries")] public int? Retries { get; init; }

    /// <summary>Plugin-defined arguments; their schema belongs to the plugin.</summary>
    [JsonPropertyName("args")] public IReadOnlyDictionary<string, JsonElement>? Args { get; init; }

    /// <summary>
    /// The specification's resource request (<c>cpu</c>, <c>memory</c>, <c>gpu</c>), kept as written: the plugins that
    /// start containers read it.
    /// </summary>
    [JsonPropertyName("resources")] public JsonElement? Resources { get; init; }

    [JsonPropertyName("artifacts")] public ArtifactMap? Artifacts { get; init; }
    [JsonPropertyName("task_destinations")] public IReadOnlyList<TaskDestination>? TaskDestinations { get; init; }
    [JsonPropertyName("export_destinations")] public IReadOnlyList<ExportDestination>? ExportDestinations { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalFields { get; set; }

    /// <summary>How many times a failed attempt is retried, whichever spelling the author used.</summary>
    [JsonIgnore] public int RetryCount => TimeoutRetries ?? Retries ?? 0;
}
