using Grid.Core.Model;
using Grid.Core.Storage;

namespace Grid.Core.Operations;

/// <summary>
/// Validates and creates a batch of tasks, from a client or from a running task. The whole batch
/// is checked before anything is written: a refused batch leaves no trace.
/// </summary>
public sealed class TaskSubmitter(GridStorage storage, ReadyTaskDispatcher dispatcher, ResultCompletion completion, GridLimits limits, TimeProvider clock)
{
    /// <summary>A running task that submits subtasks.</summary>
    public sealed record Parent(TaskRecord Task, IReadOnlySet<string> ResultsCreatedByAttempt);

    public async Task<IReadOnlyList<TaskRecord>> SubmitAsync(
        string sessionId, GridTaskOptions batchOptions, IReadOnlyList<TaskSpec> specs, Parent? parent, CancellationToken cancellationToken)
    {
        if (specs.Count == 0) throw GridException.InvalidArgument("tasks", "at least one task is required");
        if (specs.Count > limits.MaxTasksPerBatch)
            throw GridException.ResourceExhausted("tasks", $"{specs.Count} tasks exceed the limit of {limits.MaxTasksPerBatch} per batch ({GridLimits.Setting(nameof(GridLimits.MaxTasksPerBatch))})");
        var depth = parent is null ? 0 : parent.Task.Depth + 1;
        if (depth > limits.MaxSubtaskDepth)
            throw GridException.ResourceExhausted("tasks", $"subtasks of task '{parent!.Task.TaskId}' would be at depth {depth}, beyond the limit of {limits.MaxSubtaskDepth} ({GridLimits.Setting(nameof(GridLimits.MaxSubtaskDepth))})");

        // The session and the results are read side by side: one round trip's wait instead of two.
        var referenced = specs.SelectMany(s => s.DataDependencies.Append(s.PayloadId).Concat(s.ExpectedOutputIds))
            .Where(id => !string.IsNullOrEmpty(id)).ToHashSet();
        var checkingSession = SessionChecks.GetAsync(storage, sessionId, cancellationToken);
        var reading = storage.Results.GetManyAsync(referenced, cancellationToken);
        await Task.WhenAll(checkingSession, reading).ConfigureAwait(false); // the session's error first, if any
        var session = checkingSession.Result;
        if (parent is null ? !session.AcceptsTasks : session.Status is not (SessionState.Running or SessionState.Paused or SessionState.Closed))
            throw GridException.FailedPrecondition($"session '{sessionId}' is {session.Status}: it accepts no new task");
        var results = reading.Result.ToDictionary(r => r.ResultId);

        var defaults = batchOptions.Over(session.DefaultOptions).Over(GridTaskOptions.GridDefaults);
        var now = clock.GetUtcNow().UtcDateTime;
        var claimedOutputs = new Dictionary<string, int>();
        var created = new List<NewTask>(specs.Count);
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var field = $"tasks[{i}]";
            var options = spec.Options.Over(defaults);
            ValidateOptions(session, options, $"{field}.options");

            if (spec.DataDependencies.Count > limits.MaxDependenciesPerTask)
                throw GridException.ResourceExhausted($"{field}.data_dependencies", $"{spec.DataDependencies.Count} dependencies exceed the limit of {limits.MaxDependenciesPerTask} ({GridLimits.Setting(nameof(GridLimits.MaxDependenciesPerTask))})");

            for (var o = 0; o < spec.ExpectedOutputIds.Count; o++)
            {
                var outputField = $"{field}.expected_output_ids[{o}]";
                var output = Existing(results, session, spec.ExpectedOutputIds[o], outputField);
                if (claimedOutputs.TryGetValue(output.ResultId, out var other))
                    throw GridException.InvalidArgument(outputField, $"result '{output.ResultId}' is already an expected output of tasks[{other}] in this request");
                claimedOutputs[output.ResultId] = i;
                if (output.Status != ResultState.Created)
                    throw GridException.InvalidArgument(outputField, $"result '{output.ResultId}' is {output.Status}: an expected output must not have data yet");
                EnsureCanOwn(output, parent, outputField);
            }

            var inputs = new List<string>(spec.DataDependencies.Count + 1);
            if (string.IsNullOrEmpty(spec.PayloadId)) throw GridException.InvalidArgument($"{field}.payload_id", "a payload is required");
            inputs.Add(CheckInput(results, session, spec, spec.PayloadId, $"{field}.payload_id"));
            for (var d = 0; d < spec.DataDependencies.Count; d++)
                inputs.Add(CheckInput(results, session, spec, spec.DataDependencies[d], $"{field}.data_dependencies[{d}]"));

            var unresolved = inputs.Where(id => results[id].Status != ResultState.Completed).Distinct().ToList();
            var task = new TaskRecord
            {
                SessionId = sessionId,
                TaskId = GridIds.New(),
                Status = parent is not null ? TaskState.Creating : unresolved.Count == 0 ? TaskState.Submitted : TaskState.Pending,
                Options = options,
                PayloadId = spec.PayloadId,
                DataDependencies = spec.DataDependencies,
                ExpectedOutputIds = spec.ExpectedOutputIds,
                ParentTaskId = parent?.Task.TaskId,
                Depth = depth,
                CreatedAt = now,
                SubmittedAt = parent is null && unresolved.Count == 0 ? now : null,
            };
            created.Add(new NewTask(task, unresolved) { OwnsOutputs = parent is null });
        }

        await storage.Tasks.CreateAsync(created, cancellationToken).ConfigureAwait(false);
        var tasks = created.Select(c => c.Task).ToList();
        if (parent is null)
            await dispatcher.DispatchAsync(tasks.Where(t => t.Status == TaskState.Submitted).ToList(), session, cancellationToken).ConfigureAwait(false);

        // An input may have completed between our read and the creation: resolving it again is harmless.
        var waitedFor = created.SelectMany(c => c.UnresolvedInputs).ToHashSet();
        if (waitedFor.Count > 0)
        {
            var nowCompleted = (await storage.Results.GetManyAsync(waitedFor, cancellationToken).ConfigureAwait(false))
                .Where(r => r.Status == ResultState.Completed).Select(r => r.ResultId).ToList();
            if (nowCompleted.Count > 0) await completion.ResolveAsync(nowCompleted, cancellationToken).ConfigureAwait(false);
        }
        return tasks;
    }

    private static string CheckInput(Dictionary<string, ResultRecord> results, SessionRecord session, TaskSpec spec, string resultId, string field)
    {
        var input = Existing(results, session, resultId, field);
        if (spec.ExpectedOutputIds.Contains(resultId))
            throw GridException.InvalidArgument(field, $"the task depends on its own expected output '{resultId}'");
        if (input.Status is ResultState.Aborted or ResultState.Deleted)
            throw GridException.FailedPrecondition($"{field}: result '{resultId}' is {input.Status}: it will never be available");
        return resultId;
    }

    private static ResultRecord Existing(Dictionary<string, ResultRecord> results, SessionRecord session, string resultId, string field)
    {
        if (string.IsNullOrEmpty(resultId)) throw GridException.InvalidArgument(field, "a result id is required");
        if (!results.TryGetValue(resultId, out var result))
            throw GridException.InvalidArgument(field, $"result '{resultId}' does not exist in session '{session.SessionId}'");
        if (result.SessionId != session.SessionId)
            throw GridException.InvalidArgument(field, $"result '{resultId}' belongs to another session, not to session '{session.SessionId}'");
        return result;
    }

    private static void EnsureCanOwn(ResultRecord output, Parent? parent, string field)
    {
        if (parent is null)
        {
            if (output.OwnerTaskId is not null)
                throw GridException.InvalidArgument(field, $"result '{output.ResultId}' is already an expected output of task '{output.OwnerTaskId}'");
            return;
        }
        var delegated = output.OwnerTaskId == parent.Task.TaskId;
        var createdHere = output.OwnerTaskId is null && parent.ResultsCreatedByAttempt.Contains(output.ResultId);
        if (!delegated && !createdHere)
            throw GridException.InvalidArgument(field, $"result '{output.ResultId}' is neither an expected output of task '{parent.Task.TaskId}' nor a result it created");
    }

    private static void ValidateOptions(SessionRecord session, GridTaskOptions options, string field)
    {
        if (options.Priority is < 0 or > 9) throw GridException.InvalidArgument($"{field}.priority", $"{options.Priority} is outside 0 to 9");
        if (options.MaxRetries < 0) throw GridException.InvalidArgument($"{field}.max_retries", "must not be negative");
        if (options.MaxDuration <= TimeSpan.Zero) throw GridException.InvalidArgument($"{field}.max_duration", "must be positive");
        if (session.PartitionIds.Count > 0 && !session.PartitionIds.Contains(options.PartitionId!))
            throw GridException.InvalidArgument($"{field}.partition_id", $"partition '{options.PartitionId}' is not one of the session's partitions ({string.Join(", ", session.PartitionIds)})");
    }
}
