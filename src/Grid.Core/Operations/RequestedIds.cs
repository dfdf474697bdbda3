namespace Grid.Core.Operations;

/// <summary>
/// The ids a request lists (results to wait for, tasks to cancel...): none may be empty, and one named twice is acted on
/// and answered once.
/// </summary>
public static class RequestedIds
{
    /// <summary>Each id once, with the index of its first mention (for messages that name the field).</summary>
    public static IReadOnlyList<(string Id, int Index)> Distinct(IReadOnlyList<string> ids, string field)
    {
        var seen = new HashSet<string>(ids.Count);
        var distinct = new List<(string, int)>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.IsNullOrEmpty(ids[i])) throw GridException.InvalidArgument($"{field}[{i}]", "an id is required");
            if (seen.Add(ids[i])) distinct.Add((ids[i], i));
        }
        return distinct;
    }

    /// <summary>Refuses a list longer than the limit named <paramref name="limitName"/> with RESOURCE_EXHAUSTED naming the setting.</summary>
    public static void EnsureAtMost(IReadOnlyList<string> ids, string field, int limit, string limitName)
    {
        if (ids.Count > limit)
            throw GridException.ResourceExhausted(field, $"{ids.Count} ids exceed the limit of {limit} per request ({GridLimits.Setting(limitName)})");
    }
}
