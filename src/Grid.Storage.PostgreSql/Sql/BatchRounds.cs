namespace Grid.Storage.PostgreSql.Sql;

/// <summary>
/// Splits a batch so that no id appears twice in one round: an UPDATE changes a row at most once, while the
/// contract applies the items of a batch one after another.
/// </summary>
internal static class BatchRounds
{
    public static IReadOnlyList<IReadOnlyList<T>> Split<T>(IReadOnlyCollection<T> items, Func<T, string> idOf)
    {
        var rounds = new List<List<T>>();
        var seen = new List<HashSet<string>>();
        foreach (var item in items)
        {
            var id = idOf(item);
            // Goes in the round after the last one that holds this id, which keeps the order per id.
            var last = -1;
            for (var i = seen.Count - 1; i >= 0; i--)
                if (seen[i].Contains(id)) { last = i; break; }
            var target = last + 1;
            if (target == rounds.Count)
            {
                rounds.Add([]);
                seen.Add([]);
            }
            rounds[target].Add(item);
            seen[target].Add(id);
        }
        return rounds;
    }
}
