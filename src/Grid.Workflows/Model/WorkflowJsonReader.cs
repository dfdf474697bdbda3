using System.Text.Json;

namespace Grid.Workflows;

/// <summary>Turns JSON text into a <see cref="WorkflowDefinition"/>, translating serializer failures into a path and a line.</summary>
internal static class WorkflowJsonReader
{
    public static WorkflowParseResult Read(string json)
    {
        try
        {
            var definition = JsonSerializer.Deserialize(json, WorkflowJsonContext.Default.WorkflowDefinition);
            return definition is null
                ? Failed("$", null, null, "The document must be a JSON object, not null.")
                : new WorkflowParseResult(definition, null);
        }
        catch (JsonException e)
        {
            // The serializer's line and column are 0-based; people count from 1.
            return Failed(e.Path ?? "$", e.LineNumber + 1, e.BytePositionInLine + 1, FirstSentence(e.Message));
        }
    }

    private static WorkflowParseResult Failed(string path, long? line, long? column, string message) =>
        new(null, new WorkflowJsonError(path, line, column, message));

    // The serializer appends "Path: ... | LineNumber: ..." which the error already carries in fields.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
