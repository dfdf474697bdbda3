using System.Text.Json;

namespace Grid.Workflows;

/// <summary>
/// Turns JSON text into a <see cref="WorkflowDefinition"/>. A serializer failure becomes an error with the JSON path,
/// a line, and either the syntax problem or the type the field expects and what was found.
/// </summary>
internal static class WorkflowJsonReader
{
    public static WorkflowParseResult Read(string json)
    {
        try
        {
            var definition = JsonSerializer.Deserialize(json, WorkflowJsonContext.Default.WorkflowDefinition);
            return definition is null
                ? Failed("$", null, null, "The document must be a JSON object, not null.")
                : new WorkflowParseResult(MonaiNoTimeout.Normalize(definition), null);
        }
        catch (JsonException e)
        {
            var path = e.Path ?? "$";
            // The serializer's line and column are 0-based; people count from 1.
            return Failed(path, e.LineNumber + 1, e.BytePositionInLine + 1, Explain(json, path, e.Message));
        }
    }

    private static WorkflowParseResult Failed(string path, long? line, long? column, string message) =>
        new(null, new WorkflowJsonError(path, line, column, message));

    // When the text is well-formed JSON, the failure is a value of the wrong type: say what the field takes.
    // Otherwise the serializer's sentence describes the syntax error, and it names no .NET type.
    private static string Explain(string json, string path, string serializerMessage)
    {
        var found = JsonFieldTypes.Found(json, path);
        if (found is null) return FirstSentence(serializerMessage);
        var expected = JsonFieldTypes.Expected(path);
        return expected is null
            ? $"This field cannot hold {found}."
            : $"Expected {expected}, but found {found}.";
    }

    // The serializer appends "Path: ... | LineNumber: ..." which the error already carries in fields.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
