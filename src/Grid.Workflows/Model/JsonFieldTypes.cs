using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Grid.Workflows;

/// <summary>
/// Describes, in JSON words, what the workflow document expects at a JSON path (<c>$.tasks[0].timeout_minutes</c>)
/// and what a document holds there, so that a reading error names the field's type instead of a .NET type. The
/// expected type is read from the serializer's own metadata, so it follows the model without a second table.
/// </summary>
internal static class JsonFieldTypes
{
    /// <summary>What the field at <paramref name="path"/> must be, or null when the path leaves the model.</summary>
    public static string? Expected(string path)
    {
        var steps = JsonPathSteps.Parse(path);
        if (steps is null) return null;
        JsonTypeInfo type = WorkflowJsonContext.Default.WorkflowDefinition;
        JsonPropertyInfo? property = null;
        foreach (var step in steps)
        {
            var next = step.IsIndex ? ItemType(type) : type.Properties.FirstOrDefault(p => p.Name == step.Name);
            if (next is null) return null;
            (type, property) = next switch
            {
                JsonPropertyInfo p => (WorkflowJsonContext.Default.GetTypeInfo(p.PropertyType)!, p),
                JsonTypeInfo t => (t, null),
                _ => (type, property),
            };
        }
        return property?.CustomConverter is StringOrStringListConverter ? "a string or a list of strings" : Describe(type);
    }

    /// <summary>What <paramref name="json"/> holds at <paramref name="path"/>, e.g. "the number 1.5"; null when it cannot tell.</summary>
    public static string? Found(string json, string path)
    {
        var steps = JsonPathSteps.Parse(path);
        if (steps is null) return null;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var element = document.RootElement;
            foreach (var step in steps)
            {
                if (step.IsIndex ? element.ValueKind != JsonValueKind.Array || step.Index >= element.GetArrayLength()
                        : element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(step.Name!, out _))
                    return null;
                element = step.IsIndex ? element[step.Index] : element.GetProperty(step.Name!);
            }
            return Describe(element);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static object? ItemType(JsonTypeInfo type) =>
        type.Kind == JsonTypeInfoKind.Enumerable && type.ElementType is { } item ? WorkflowJsonContext.Default.GetTypeInfo(item) : null;

    private static string Describe(JsonTypeInfo type)
    {
        var clr = Nullable.GetUnderlyingType(type.Type) ?? type.Type;
        if (clr == typeof(int)) return "a whole number (such as 30, 30.0 or \"30\")";
        if (clr == typeof(string)) return "a string";
        if (clr == typeof(bool)) return "true or false";
        if (clr == typeof(JsonElement)) return "any JSON value";
        return type.Kind switch
        {
            JsonTypeInfoKind.Enumerable => "a list",
            JsonTypeInfoKind.Dictionary or JsonTypeInfoKind.Object => "an object",
            _ => "a value of another kind",
        };
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.String => element.GetString()!.Length <= 40 ? $"the string \"{element.GetString()}\"" : "a string",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "a list",
        _ => "an object",
    };
}
