using Grid.Core.Model;
using Grid.Core.Storage;
using Grid.Storage.MongoDb.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Grid.Storage.MongoDb;

/// <summary>
/// Tasks with their awaited inputs embedded. Every change is read, checked, computed with
/// <see cref="TaskTransition.Apply"/> and written with an update conditioned on the version that was read
/// (and on status and owner): of two agents racing for a task, exactly one update matches.
/// </summary>
internal sealed class MongoTaskTable(MongoGridCollections collections) : ITaskTable
{
    private const int MaxConflicts = 50;
    private static readonly FilterDefinitionBuilder<TaskDocument> Filter = Builders<TaskDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<TaskDocument> Update = Builders<TaskDocument>.Update;

    public Task CreateAsync(IReadOnlyCollection<NewTask> tasks, CancellationToken cancellationToken) =>
        AllOrNothingInsert.InsertAsync(collections.Tasks, tasks.Select(t => TaskDocument.From(t.Task, t.UnresolvedInputs)).ToList(),
            d => d.Id, "task", cancellationToken);

    public async Task<TaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken) =>
        (await FindOneAsync(taskId, cancellationToken).ConfigureAwait(false))?.ToRecord();

    public async Task<IReadOnlyList<TaskRecord>> GetManyAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) =>
        (await FindManyAsync(taskIds, cancellationToken).ConfigureAwait(false)).Select(d => d.ToRecord()).ToList();

    public Task<Page<TaskRecord>> ListAsync(TaskFilter filter, PageQuery<TaskSort> page, CancellationToken cancellationToken)
    {
        var sortField = page.SortBy switch
        {
            TaskSort.Status => "status",
            TaskSort.EndedAt => "ended",
            TaskSort.TaskId => "_id",
            _ => "created",
        };
        return MongoPaging.ReadAsync(collections.Tasks, Where(filter), page, sortField, d => d.ToRecord(), cancellationToken);
    }

    public async Task<IReadOnlyList<TaskRecord>> FindAsync(TaskFilter filter, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0) return [];
        var documents = await collections.Tasks.Find(Where(filter)).Sort(Builders<TaskDocument>.Sort.Ascending(t => t.Id)).Limit(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return documents.Select(d => d.ToRecord()).ToList();
    }

    public async Task<IReadOnlyDictionary<TaskState, long>> CountByStatusAsync(TaskFilter filter, CancellationToken cancellationToken)
    {
        var counts = await collections.Tasks.Aggregate()
            .Match(Where(filter))
            .Group(new BsonDocument { { "_id", "$status" }, { "count", new BsonDocument("$sum", 1L) } })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return counts.ToDictionary(c => (TaskState)c["_id"].ToInt32(), c => c["count"].ToInt64());
    }

    public async Task<IReadOnlyList<TaskRecord>> TransitionAsync(IReadOnlyCollection<TaskTransition> transitions, CancellationToken cancellationToken)
    {
        if (transitions.Count == 0) return [];
        var current = (await FindManyAsync(transitions.Select(t => t.TaskId).Distinct().ToList(), cancellationToken).ConfigureAwait(false))
            .ToDictionary(d => d.Id);
        // Tasks change concurrently; transitions of one task, in their order.
        var perTask = await Task.WhenAll(transitions.GroupBy(t => t.TaskId).Select(async group =>
        {
            var known = current.GetValueOrDefault(group.Key);
            var changed = new List<TaskRecord>();
            foreach (var transition in group)
            {
                var (updated, latest) = await ChangeAsync(group.Key, known,
                    (_, task) => transition.Matches(task) ? transition.Apply(task) : null, cancellationToken).ConfigureAwait(false);
                known = latest;
                if (updated is not null) changed.Add(updated);
            }
            return changed;
        })).ConfigureAwait(false);
        return perTask.SelectMany(c => c).ToList();
    }

    public async Task<IReadOnlyList<TaskRecord>> ResolveInputsAsync(IReadOnlyCollection<string> completedResultIds, DateTime at, CancellationToken cancellationToken)
    {
        if (completedResultIds.Count == 0) return [];
        var waitingOn = Filter.AnyIn(t => t.WaitingOn, completedResultIds);
        var touched = await collections.Tasks.Find(waitingOn).Project(t => t.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (touched.Count == 0) return [];
        // The version moves with the pull, so a release that read the inputs before it retries with what is left.
        await collections.Tasks.UpdateManyAsync(Filter.In(t => t.Id, touched) & waitingOn,
            Update.PullAll(t => t.WaitingOn, completedResultIds).Inc(t => t.Version, 1L), cancellationToken: cancellationToken).ConfigureAwait(false);

        // Whoever sees a Pending task with nothing left to wait for tries to submit it; the version lets one win.
        var candidates = await collections.Tasks.Find(Filter.In(t => t.Id, touched) & Filter.Size(t => t.WaitingOn, 0)
            & Filter.Eq(t => t.Status, (int)TaskState.Pending)).ToListAsync(cancellationToken).ConfigureAwait(false);
        var submitted = await Task.WhenAll(candidates.Select(async candidate =>
            (await ChangeAsync(candidate.Id, candidate, (document, task) => task.Status == TaskState.Pending && document.WaitingOn.Count == 0
                ? new TaskTransition(task.TaskId, TaskState.Pending, TaskState.Submitted, at).Apply(task)
                : null, cancellationToken).ConfigureAwait(false)).Updated)).ConfigureAwait(false);
        return submitted.OfType<TaskRecord>().ToList();
    }

    public async Task<IReadOnlyList<TaskRecord>> ReleaseAsync(IReadOnlyCollection<string> taskIds, DateTime at, CancellationToken cancellationToken)
    {
        if (taskIds.Count == 0) return [];
        var current = (await FindManyAsync(taskIds.Distinct().ToList(), cancellationToken).ConfigureAwait(false)).ToDictionary(d => d.Id);
        var released = await Task.WhenAll(taskIds.Distinct().Where(current.ContainsKey).Select(async taskId =>
            (await ChangeAsync(taskId, current[taskId], (document, task) => task.Status == TaskState.Creating
                // A subtask whose inputs all completed while it was Creating is ready at once.
                ? new TaskTransition(taskId, TaskState.Creating, document.WaitingOn.Count > 0 ? TaskState.Pending : TaskState.Submitted, at).Apply(task)
                : null, cancellationToken).ConfigureAwait(false)).Updated)).ConfigureAwait(false);
        return released.OfType<TaskRecord>().ToList();
    }

    public async Task<IReadOnlyList<TaskRecord>> FindWaitingOnAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken)
    {
        if (resultIds.Count == 0) return [];
        var documents = await collections.Tasks.Find(Filter.AnyIn(t => t.WaitingOn, resultIds)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return documents.Select(d => d.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<string>> RenewLeasesAsync(string agentId, IReadOnlyCollection<string> taskIds, DateTime expiresAt, CancellationToken cancellationToken)
    {
        if (taskIds.Count == 0) return [];
        var held = Filter.In(t => t.Id, taskIds) & Filter.Eq(t => t.OwnerAgentId, agentId)
            & Filter.Eq(t => t.Status, (int)TaskState.Processing);
        var expires = Ticks.Of(expiresAt);
        await collections.Tasks.UpdateManyAsync(held, Update.Set(t => t.LeaseExpiresAt, expires).Inc(t => t.Version, 1L),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return await collections.Tasks.Find(held & Filter.Eq(t => t.LeaseExpiresAt, expires)).Project(t => t.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken)
    {
        if (taskIds.Count == 0) return;
        await collections.Tasks.DeleteManyAsync(Filter.In(t => t.Id, taskIds), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The inputs a task waits for live in its document: they go with it.</summary>
    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        collections.Tasks.DeleteManyAsync(Filter.Eq(t => t.SessionId, sessionId), cancellationToken);

    /// <summary>
    /// Reads (unless <paramref name="known"/> is given), decides and writes the task, conditioned on the version read;
    /// on a conflict reads again and decides again. <paramref name="decide"/> sees the stored document (with the
    /// inputs still awaited) and its record, and returns the changed task or null for no change. Returns that
    /// change and the latest document seen.
    /// </summary>
    private async Task<(TaskRecord? Updated, TaskDocument? Latest)> ChangeAsync(string taskId, TaskDocument? known,
        Func<TaskDocument, TaskRecord, TaskRecord?> decide, CancellationToken cancellationToken)
    {
        var document = known ?? await FindOneAsync(taskId, cancellationToken).ConfigureAwait(false);
        for (var conflicts = 0; document is not null; conflicts++)
        {
            var updated = decide(document, document.ToRecord());
            if (updated is null) return (null, document);

            var result = await collections.Tasks.UpdateOneAsync(
                Filter.Eq(t => t.Id, taskId) & Filter.Eq(t => t.Version, document.Version)
                    & Filter.Eq(t => t.Status, document.Status) & Filter.Eq(t => t.OwnerAgentId, document.OwnerAgentId),
                StateOf(updated), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.MatchedCount == 1)
            {
                var written = TaskDocument.From(updated, document.WaitingOn);
                written.Version = document.Version + 1;
                return (updated, written);
            }
            if (conflicts >= MaxConflicts)
                throw new InvalidOperationException($"task '{taskId}' changed {MaxConflicts} times while being updated");
            document = await FindOneAsync(taskId, cancellationToken).ConfigureAwait(false);
        }
        return (null, null);
    }

    /// <summary>Every field a transition may change (see <see cref="TaskTransition.Apply"/>), and the version.</summary>
    private static UpdateDefinition<TaskDocument> StateOf(TaskRecord task) => Update
        .Set(t => t.Status, (int)task.Status)
        .Set(t => t.Attempt, task.Attempt)
        .Set(t => t.OwnerAgentId, task.OwnerAgentId)
        .Set(t => t.LeaseExpiresAt, Ticks.Of(task.LeaseExpiresAt))
        .Set(t => t.Error, task.Error)
        .Set(t => t.SubmittedAt, Ticks.Of(task.SubmittedAt))
        .Set(t => t.StartedAt, Ticks.Of(task.StartedAt))
        .Set(t => t.EndedAt, Ticks.Of(task.EndedAt))
        .Inc(t => t.Version, 1L);

    private Task<TaskDocument?> FindOneAsync(string taskId, CancellationToken cancellationToken) =>
        collections.Tasks.Find(Filter.Eq(t => t.Id, taskId)).FirstOrDefaultAsync(cancellationToken)!;

    private async Task<List<TaskDocument>> FindManyAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) =>
        taskIds.Count == 0 ? [] : await collections.Tasks.Find(Filter.In(t => t.Id, taskIds)).ToListAsync(cancellationToken).ConfigureAwait(false);

    private static FilterDefinition<TaskDocument> Where(TaskFilter filter)
    {
        var where = Filter.Empty;
        if (filter.SessionId is not null) where &= Filter.Eq(t => t.SessionId, filter.SessionId);
        if (filter.Statuses.Count > 0) where &= Filter.In(t => t.Status, filter.Statuses.Select(s => (int)s));
        if (filter.PartitionId is not null) where &= Filter.Eq(t => t.PartitionId, filter.PartitionId);
        if (filter.ParentTaskId is not null) where &= Filter.Eq(t => t.ParentTaskId, filter.ParentTaskId);
        if (filter.CreatedAfter is { } after) where &= Filter.Gt(t => t.CreatedAt, Ticks.Of(after));
        if (filter.CreatedBefore is { } before) where &= Filter.Lt(t => t.CreatedAt, Ticks.Of(before));
        if (filter.TaskIdAfter is { } afterId) where &= Filter.Gt(t => t.Id, afterId);
        return where;
    }
}
