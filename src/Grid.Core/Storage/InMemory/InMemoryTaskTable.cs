using Grid.Core.Model;

namespace Grid.Core.Storage.InMemory;

public sealed class InMemoryTaskTable : ITaskTable
{
    private readonly Dictionary<string, TaskRecord> _tasks = new();
    // Task ids in order, of every task and of each session's, so that a keyset page (FindAsync after an id) visits only
    // the tasks it returns or skips past, rather than every task of the table (or session) for every page.
    private readonly SortedSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _bySession = new();
    // Inputs each task still waits for, and the reverse: tasks waiting for each result.
    private readonly Dictionary<string, HashSet<string>> _unresolvedInputs = new();
    private readonly Dictionary<string, HashSet<string>> _waitingTasks = new();
    private readonly Lock _lock = new();

    public Task CreateAsync(IReadOnlyCollection<NewTask> tasks, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var (task, _) in tasks)
                if (_tasks.ContainsKey(task.TaskId))
                    throw new GridException(GridErrorCode.AlreadyExists, $"task '{task.TaskId}' already exists");
            foreach (var (task, unresolved) in tasks)
            {
                _tasks.Add(task.TaskId, task);
                _ids.Add(task.TaskId);
                if (!_bySession.TryGetValue(task.SessionId, out var ids)) _bySession[task.SessionId] = ids = new(StringComparer.Ordinal);
                ids.Add(task.TaskId);
                if (unresolved.Count == 0) continue;
                _unresolvedInputs[task.TaskId] = [.. unresolved];
                foreach (var resultId in unresolved)
                {
                    if (!_waitingTasks.TryGetValue(resultId, out var waiting)) _waitingTasks[resultId] = waiting = [];
                    waiting.Add(task.TaskId);
                }
            }
        }
        return Task.CompletedTask;
    }

    public Task<TaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult(_tasks.GetValueOrDefault(taskId));
    }

    public Task<IReadOnlyList<TaskRecord>> GetManyAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken)
    {
        var found = new List<TaskRecord>(taskIds.Count);
        lock (_lock)
        {
            foreach (var id in taskIds)
                if (_tasks.TryGetValue(id, out var task)) found.Add(task);
        }
        return Task.FromResult<IReadOnlyList<TaskRecord>>(found);
    }

    public Task<Page<TaskRecord>> ListAsync(TaskFilter filter, PageQuery<TaskSort> page, CancellationToken cancellationToken)
    {
        List<TaskRecord> matching;
        lock (_lock) matching = Matching(filter).ToList();
        return Task.FromResult(Paging.Apply(matching, page, sort => sort switch
        {
            TaskSort.Status => t => t.Status,
            TaskSort.EndedAt => t => t.EndedAt,
            TaskSort.TaskId => t => t.TaskId,
            _ => t => t.CreatedAt,
        }));
    }

    public Task<IReadOnlyList<TaskRecord>> FindAsync(TaskFilter filter, int limit, CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<TaskRecord>>(InIdOrder(filter, limit));
    }

    /// <summary>The first <paramref name="limit"/> matches, walking the ids in order from the page's start.</summary>
    private List<TaskRecord> InIdOrder(TaskFilter filter, int limit)
    {
        var found = new List<TaskRecord>(Math.Min(limit, 1024));
        var all = filter.SessionId is null ? _ids : _bySession.GetValueOrDefault(filter.SessionId);
        if (all is null || all.Count == 0 || (filter.TaskIdAfter is { } after && string.CompareOrdinal(after, all.Max) >= 0)) return found;
        var ids = filter.TaskIdAfter is null ? all : all.GetViewBetween(filter.TaskIdAfter, all.Max!);
        foreach (var id in ids)
        {
            if (found.Count == limit) break;
            var task = _tasks[id];
            if (Matches(task, filter)) found.Add(task);
        }
        return found;
    }

    public Task<IReadOnlyDictionary<TaskState, long>> CountByStatusAsync(TaskFilter filter, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<TaskState, long>();
        lock (_lock)
        {
            foreach (var task in Matching(filter))
                counts[task.Status] = counts.GetValueOrDefault(task.Status) + 1;
        }
        return Task.FromResult<IReadOnlyDictionary<TaskState, long>>(counts);
    }

    public Task<IReadOnlyList<TaskRecord>> TransitionAsync(IReadOnlyCollection<TaskTransition> transitions, CancellationToken cancellationToken)
    {
        var changed = new List<TaskRecord>(transitions.Count);
        lock (_lock)
        {
            foreach (var transition in transitions)
            {
                if (!_tasks.TryGetValue(transition.TaskId, out var task) || !transition.Matches(task)) continue;
                var updated = transition.Apply(task);
                _tasks[task.TaskId] = updated;
                changed.Add(updated);
            }
        }
        return Task.FromResult<IReadOnlyList<TaskRecord>>(changed);
    }

    public Task<IReadOnlyList<string>> RenewLeasesAsync(string agentId, IReadOnlyCollection<string> taskIds, DateTime expiresAt, CancellationToken cancellationToken)
    {
        var renewed = new List<string>(taskIds.Count);
        lock (_lock)
        {
            foreach (var taskId in taskIds)
            {
                if (!_tasks.TryGetValue(taskId, out var task) || task.Status != TaskState.Processing || task.OwnerAgentId != agentId)
                    continue;
                _tasks[taskId] = task with { LeaseExpiresAt = expiresAt };
                renewed.Add(taskId);
            }
        }
        return Task.FromResult<IReadOnlyList<string>>(renewed);
    }

    public Task<IReadOnlyList<TaskRecord>> ResolveInputsAsync(IReadOnlyCollection<string> completedResultIds, DateTime at, CancellationToken cancellationToken)
    {
        var ready = new List<TaskRecord>();
        lock (_lock)
        {
            foreach (var resultId in completedResultIds)
            {
                if (!_waitingTasks.Remove(resultId, out var waiting)) continue;
                foreach (var taskId in waiting)
                {
                    if (!_unresolvedInputs.TryGetValue(taskId, out var inputs)) continue;
                    inputs.Remove(resultId);
                    if (inputs.Count > 0) continue;
                    _unresolvedInputs.Remove(taskId);
                    var task = _tasks[taskId];
                    if (task.Status != TaskState.Pending) continue; // Creating tasks wait for their parent.
                    var submitted = new TaskTransition(taskId, TaskState.Pending, TaskState.Submitted, at).Apply(task);
                    _tasks[taskId] = submitted;
                    ready.Add(submitted);
                }
            }
        }
        return Task.FromResult<IReadOnlyList<TaskRecord>>(ready);
    }

    public Task<IReadOnlyList<TaskRecord>> ReleaseAsync(IReadOnlyCollection<string> taskIds, DateTime at, CancellationToken cancellationToken)
    {
        var released = new List<TaskRecord>(taskIds.Count);
        lock (_lock)
        {
            foreach (var taskId in taskIds)
            {
                if (!_tasks.TryGetValue(taskId, out var task) || task.Status != TaskState.Creating) continue;
                var to = _unresolvedInputs.ContainsKey(taskId) ? TaskState.Pending : TaskState.Submitted;
                var updated = new TaskTransition(taskId, TaskState.Creating, to, at).Apply(task);
                _tasks[taskId] = updated;
                released.Add(updated);
            }
        }
        return Task.FromResult<IReadOnlyList<TaskRecord>>(released);
    }

    public Task<IReadOnlyList<TaskRecord>> FindWaitingOnAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken)
    {
        var found = new List<TaskRecord>();
        lock (_lock)
        {
            foreach (var resultId in resultIds)
                if (_waitingTasks.TryGetValue(resultId, out var waiting))
                    found.AddRange(waiting.Select(id => _tasks[id]));
        }
        return Task.FromResult<IReadOnlyList<TaskRecord>>(found.DistinctBy(t => t.TaskId).ToList());
    }

    public Task DeleteAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var taskId in taskIds)
            {
                if (!_tasks.Remove(taskId, out var task)) continue;
                _ids.Remove(taskId);
                _bySession.GetValueOrDefault(task.SessionId)?.Remove(taskId);
                if (!_unresolvedInputs.Remove(taskId, out var inputs)) continue;
                foreach (var resultId in inputs) _waitingTasks.GetValueOrDefault(resultId)?.Remove(taskId);
            }
        }
        return Task.CompletedTask;
    }

    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        List<string> taskIds;
        lock (_lock) taskIds = _bySession.Remove(sessionId, out var ids) ? [.. ids] : [];
        return DeleteAsync(taskIds, cancellationToken);
    }

    private IEnumerable<TaskRecord> Matching(TaskFilter filter)
    {
        IEnumerable<TaskRecord> candidates = filter.SessionId is null
            ? _tasks.Values
            : _bySession.GetValueOrDefault(filter.SessionId, []).Select(id => _tasks[id]);
        return candidates.Where(t => Matches(t, filter));
    }

    private static bool Matches(TaskRecord t, TaskFilter filter) =>
        (filter.Statuses.Count == 0 || filter.Statuses.Contains(t.Status)) &&
        (filter.PartitionId is null || t.PartitionId == filter.PartitionId) &&
        (filter.ParentTaskId is null || t.ParentTaskId == filter.ParentTaskId) &&
        (filter.CreatedAfter is null || t.CreatedAt > filter.CreatedAfter) &&
        (filter.CreatedBefore is null || t.CreatedAt < filter.CreatedBefore) &&
        (filter.TaskIdAfter is null || string.CompareOrdinal(t.TaskId, filter.TaskIdAfter) > 0);

    /// <summary>Every task with the inputs it still waits for, as <see cref="CreateAsync"/> takes them back.</summary>
    internal List<NewTask> Snapshot()
    {
        lock (_lock)
            return _tasks.Values.Select(t => new NewTask(t, _unresolvedInputs.TryGetValue(t.TaskId, out var inputs) ? [.. inputs] : [])).ToList();
    }
}
