using System.Globalization;

namespace Grid.Workflows;

/// <summary>One step of a JSON path: a property name or a list index.</summary>
internal readonly record struct JsonPathStep(string? Name, int Index)
{
    public bool IsIndex => Name is null;
}

/// <summary>Splits the paths the serializer reports (<c>$.tasks[1].args['odd name']</c>) into steps.</summary>
internal static class JsonPathSteps
{
    /// <summary>The steps after <c>$</c>, or null when the text is not such a path.</summary>
    public static IReadOnlyList<JsonPathStep>? Parse(string path)
    {
        if (!path.StartsWith('$')) return null;
        var steps = new List<JsonPathStep>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] is not ('.' or '[')) end++;
                steps.Add(new JsonPathStep(path[(i + 1)..end], 0));
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0) return null;
                steps.Add(new JsonPathStep(path[(i + 2)..end], 0));
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path[(i + 1)..end], NumberStyles.None, CultureInfo.InvariantCulture, out var index)) return null;
                steps.Add(new JsonPathStep(null, index));
                i = end + 1;
            }
            else
            {
                return null;
            }
        }
        return steps;
    }
}
