namespace Grid.Core.Storage.InMemory;

internal static class Paging
{
    public static Page<T> Apply<T, TSort>(IEnumerable<T> matching, PageQuery<TSort> query, Func<TSort, Func<T, IComparable?>> keyOf)
        where TSort : struct, Enum
    {
        var all = matching.ToList();
        var key = keyOf(query.SortBy);
        IEnumerable<T> sorted = query.Descending ? all.OrderByDescending(key) : all.OrderBy(key);
        var items = sorted.Skip(query.PageNumber * query.PageSize).Take(query.PageSize).ToList();
        return new Page<T>(items, all.Count);
    }
}
