using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grid.Workflows;

/// <summary>Which DICOM traffic triggers the workflow and where its output may be exported.</summary>
public sealed record InformaticsGatewaySettings
{
    [JsonPropertyName("ae_title")] public string? AeTitle { get; init; }
    [JsonPropertyName("data_origins")] public IReadOnlyList<string>? DataOrigins { get; init; }
    [JsonPropertyName("export_destinations")] public IReadOnlyList<string>? ExportDestinations { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}
