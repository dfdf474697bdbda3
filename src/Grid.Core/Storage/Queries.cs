using Grid.Core.Model;

namespace Grid.Core.Storage;

/// <summary>One page of a listing, with the number of items that match over all pages.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total);

/// <summary>Sorting and paging of a listing. <paramref name="PageNumber"/> is zero-based.</summary>
public sealed record PageQuery<TSort>(TSort SortBy, bool Descending, int PageNumber, int PageSize) where TSort : struct, Enum;

public enum SessionSort { CreatedAt, SessionId, Status }
public enum TaskSort { CreatedAt, Status, EndedAt, TaskId }
public enum ResultSort { CreatedAt, Name, Status, Size }

public sealed record SessionFilter
{
    public IReadOnlyCollection<SessionState> Statuses { get; init; } = [];
    public DateTime? CreatedAfter { get; init; }
    public DateTime? CreatedBefore { get; init; }
}

public sealed record TaskFilter
{
    public string? SessionId { get; init; }
    public IReadOnlyCollection<TaskState> Statuses { get; init; } = [];
    public string? PartitionId { get; init; }
    public string? ParentTaskId { get; init; }
    public DateTime? CreatedAfter { get; init; }
    public DateTime? CreatedBefore { get; init; }
    /// <summary>
    /// Only tasks whose id sorts (ordinally) after this one: with <see cref="ITaskTable.FindAsync"/>, which returns tasks
    /// in id order, a filter is read page by page, each page starting after the last id of the one before.
    /// </summary>
    public string? TaskIdAfter { get; init; }
}

public sealed record ResultFilter
{
    public string? SessionId { get; init; }
    public IReadOnlyCollection<ResultState> Statuses { get; init; } = [];
    public string? Name { get; init; }
    public string? OwnerTaskId { get; init; }
}
