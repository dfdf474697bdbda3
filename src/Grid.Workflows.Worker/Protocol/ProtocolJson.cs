using System.Text.Json;

namespace Grid.Workflows.Worker.Protocol;

/// <summary>The JSON shape shared by engine and workers: snake_case, like the workflow language.</summary>
public static class ProtocolJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
