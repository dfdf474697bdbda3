using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Grid.Workflows.Conditions;

/// <summary>Turns JSON and .NET values into <see cref="ConditionValue"/>s, and walks result paths through them.</summary>
internal static class ConditionValueConversion
{
    public static ConditionValue FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => ConditionValue.Missing,
        JsonValueKind.String => new TextValue(element.GetString()!),
        JsonValueKind.Number => new TextValue(element.GetRawText()),
        JsonValueKind.True => new TextValue("true"),
        JsonValueKind.False => new TextValue("false"),
        JsonValueKind.Array => new ListValue(element.EnumerateArray().Select(FromJson).ToList()),
        _ => new TextValue(element.GetRawText()),
    };

    public static ConditionValue FromObject(object? value) => value switch
    {
        null => ConditionValue.Missing,
        ConditionValue conditionValue => conditionValue,
        JsonElement element => FromJson(element),
        string text => new TextValue(text),
        bool flag => new TextValue(flag ? "true" : "false"),
        DateTimeOffset time => new TextValue(Timestamp(time.UtcDateTime)),
        DateTime time => new TextValue(Timestamp(time.ToUniversalTime())),
        IFormattable formattable => new TextValue(formattable.ToString(null, CultureInfo.InvariantCulture)),
        IDictionary or IReadOnlyDictionary<string, object?> => new TextValue(JsonSerializer.Serialize(value)),
        IEnumerable items => new ListValue(items.Cast<object?>().Select(FromObject).ToList()),
        _ => new TextValue(value.ToString() ?? ""),
    };

    /// <summary>
    /// A timestamp as MONAI Deploy writes it, <c>2022-12-05T14:06:34</c> (UTC, whole seconds, no zone), so that a
    /// literal copied from its documentation or logs can equal it.
    /// </summary>
    public static string Timestamp(DateTime utc) => utc.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture);

    /// <summary>Follows object keys from <paramref name="root"/>; anything not found is missing.</summary>
    public static ConditionValue Navigate(JsonElement root, IReadOnlyList<string> path)
    {
        var current = root;
        foreach (var key in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(key, out current))
                return ConditionValue.Missing;
        }
        return FromJson(current);
    }

    /// <summary>Follows dictionary keys (or JSON object keys) from <paramref name="root"/>; anything not found is missing.</summary>
    public static ConditionValue Navigate(object? root, IReadOnlyList<string> path)
    {
        var current = root;
        for (var i = 0; i < path.Count; i++)
        {
            switch (current)
            {
                case JsonElement element:
                    return Navigate(element, path.Skip(i).ToList());
                case IReadOnlyDictionary<string, object?> readOnly when readOnly.TryGetValue(path[i], out var next):
                    current = next;
                    break;
                case IDictionary dictionary when dictionary.Contains(path[i]):
                    current = dictionary[path[i]];
                    break;
                default:
                    return ConditionValue.Missing;
            }
        }
        return FromObject(current);
    }
}
