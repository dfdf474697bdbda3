using System.Runtime.CompilerServices;
using Grid.Core.Model;
using Grid.Core.Storage;

namespace Grid.Core.Operations;

/// <summary>
/// Reads the tasks of a filter page by page, in task id order, each page starting after the last id of the one before
/// (keyset paging): every page is one bounded query that an index ordered by task id answers, however many tasks match,
/// and moving a task out of the filter while reading skips nothing.
/// </summary>
public static class TaskPages
{
    public static async IAsyncEnumerable<IReadOnlyList<TaskRecord>> ReadAsync(
        ITaskTable tasks, TaskFilter filter, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        string? after = null;
        while (true)
        {
            var page = await tasks.FindAsync(filter with { TaskIdAfter = after }, pageSize, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0) yield break;
            yield return page;
            if (page.Count < pageSize) yield break;
            after = page[^1].TaskId;
        }
    }
}
