using Grid.Core.Lifecycle;
using Grid.Core.Model;

namespace Grid.Core.Storage;

/// <summary>
/// A conditional change of one task: applied only if the task is in <see cref="From"/> (and, when
/// given, owned by <see cref="ExpectedOwnerAgentId"/>). Backends apply it atomically, so two agents
/// racing for one task cannot both win.
/// </summary>
public sealed record TaskTransition(string TaskId, TaskState From, TaskState To, DateTime At)
{
    public string? ExpectedOwnerAgentId { get; init; }
    /// <summary>Owner after the move; the owner is cleared when the task leaves Processing.</summary>
    public string? OwnerAgentId { get; init; }
    public DateTime? LeaseExpiresAt { get; init; }
    public string? Error { get; init; }
    /// <summary>Set for a retry: the number of the new attempt.</summary>
    public int? Attempt { get; init; }
    /// <summary>
    /// Appends the task's status event (<see cref="GridEvent.ForTaskStatus"/>, at <see cref="At"/>) when the move applies,
    /// in the same atomic step where the backend can: one round trip and one commit instead of two.
    /// </summary>
    public bool RecordsEvent { get; init; }
    /// <summary>
    /// Transitions of results applied with this one, only if it applies, in the same atomic step where the backend can:
    /// the outputs of an attempt complete with its task.
    /// </summary>
    public IReadOnlyList<ResultTransition> ResultTransitions { get; init; } = [];

    /// <summary>The status events that <paramref name="transitions"/> ask for (<see cref="RecordsEvent"/>), of the tasks they changed.</summary>
    /// <remarks>A task may move twice in one call: each change is matched to its transition by the state it reached.</remarks>
    public static List<GridEvent> EventsOf(IReadOnlyCollection<TaskTransition> transitions, IReadOnlyList<TaskRecord> changed)
    {
        var recorded = new List<GridEvent>();
        Dictionary<(string, TaskState), DateTime>? recording = null;
        foreach (var t in transitions)
            if (t.RecordsEvent) (recording ??= []).TryAdd((t.TaskId, t.To), t.At);
        if (recording is null) return recorded;
        foreach (var task in changed)
            if (recording.TryGetValue((task.TaskId, task.Status), out var at)) recorded.Add(GridEvent.ForTaskStatus(task, at));
        return recorded;
    }

    /// <summary>The <see cref="ResultTransitions"/> of the transitions that applied, matched as in <see cref="EventsOf"/>.</summary>
    public static List<ResultTransition> ResultTransitionsOf(IReadOnlyCollection<TaskTransition> transitions, IReadOnlyList<TaskRecord> changed)
    {
        Dictionary<(string, TaskState), IReadOnlyList<ResultTransition>>? chained = null;
        foreach (var t in transitions)
            if (t.ResultTransitions.Count > 0) (chained ??= []).TryAdd((t.TaskId, t.To), t.ResultTransitions);
        if (chained is null) return [];
        return changed.SelectMany(task => chained.GetValueOrDefault((task.TaskId, task.Status)) ?? []).ToList();
    }

    /// <summary>Whether <paramref name="task"/> satisfies the condition of this transition.</summary>
    public bool Matches(TaskRecord task) =>
        task.Status == From && (ExpectedOwnerAgentId is null || task.OwnerAgentId == ExpectedOwnerAgentId);

    /// <summary>Throws when the lifecycle does not allow this move or one of its <see cref="ResultTransitions"/>.</summary>
    public void EnsureAllowed()
    {
        if (!Lifecycles.Task.CanMove(From, To))
            throw new InvalidOperationException($"task transition {From} -> {To} is not allowed");
        foreach (var result in ResultTransitions) result.EnsureAllowed();
    }

    /// <summary>The task after the move. Every backend derives the changed fields from this one rule.</summary>
    public TaskRecord Apply(TaskRecord task)
    {
        EnsureAllowed();
        var holdsLease = To == TaskState.Processing;
        return task with
        {
            Status = To,
            OwnerAgentId = holdsLease ? OwnerAgentId ?? task.OwnerAgentId : null,
            LeaseExpiresAt = holdsLease ? LeaseExpiresAt ?? task.LeaseExpiresAt : null,
            Error = Error ?? (To == TaskState.Submitted ? null : task.Error),
            Attempt = Attempt ?? task.Attempt,
            SubmittedAt = To == TaskState.Submitted ? At : task.SubmittedAt,
            StartedAt = To == TaskState.Processing ? At : task.StartedAt,
            EndedAt = Lifecycles.Task.IsFinal(To) ? At : task.EndedAt,
        };
    }
}

/// <summary>A conditional change of one result, applied only if the result is in <see cref="From"/>.</summary>
public sealed record ResultTransition(string ResultId, ResultState From, ResultState To, DateTime At)
{
    public long? Size { get; init; }
    /// <summary>Appends the result's status event (<see cref="GridEvent.ForResultStatus"/>) with the move, as <see cref="TaskTransition.RecordsEvent"/>.</summary>
    public bool RecordsEvent { get; init; }

    /// <summary>The status events that <paramref name="transitions"/> ask for (<see cref="RecordsEvent"/>), of the results they changed.</summary>
    public static List<GridEvent> EventsOf(IReadOnlyCollection<ResultTransition> transitions, IReadOnlyList<ResultRecord> changed)
    {
        var recorded = new List<GridEvent>();
        Dictionary<(string, ResultState), DateTime>? recording = null;
        foreach (var t in transitions)
            if (t.RecordsEvent) (recording ??= []).TryAdd((t.ResultId, t.To), t.At);
        if (recording is null) return recorded;
        foreach (var result in changed)
            if (recording.TryGetValue((result.ResultId, result.Status), out var at)) recorded.Add(GridEvent.ForResultStatus(result, at));
        return recorded;
    }

    /// <summary>Throws when the lifecycle does not allow this move.</summary>
    public void EnsureAllowed()
    {
        if (!Lifecycles.Result.CanMove(From, To))
            throw new InvalidOperationException($"result transition {From} -> {To} is not allowed");
    }

    public ResultRecord Apply(ResultRecord result)
    {
        EnsureAllowed();
        return result with
        {
            Status = To,
            Size = Size ?? result.Size,
            CompletedAt = To == ResultState.Completed ? At : result.CompletedAt,
        };
    }
}

/// <summary>A task to create, with the inputs it still waits for.</summary>
public sealed record NewTask(TaskRecord Task, IReadOnlyCollection<string> UnresolvedInputs)
{
    /// <summary>
    /// Makes the task the owner of its expected outputs, in the same step where the backend can: a client's submission
    /// (a subtask's outputs change owner when its parent completes).
    /// </summary>
    public bool OwnsOutputs { get; init; }

    /// <summary>Each expected output of the tasks that own theirs, with its owner.</summary>
    public static List<(string ResultId, string OwnerTaskId)> OutputOwners(IEnumerable<NewTask> tasks) =>
        tasks.Where(t => t.OwnsOutputs).SelectMany(t => t.Task.ExpectedOutputIds.Select(id => (id, t.Task.TaskId))).ToList();
}
