using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grid.Workflows.Engine.Api;

/// <summary>The JSON of the HTTP API: snake_case like the workflow language, enums as lower-case words.</summary>
internal static class HttpJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
    };

    /// <summary>The reader's leniency (comments, trailing commas), so any definition that was registered can be shown.</summary>
    public static JsonDocumentOptions DefinitionOptions { get; } = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
}
