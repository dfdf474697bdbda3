using System.Collections.Concurrent;
using GetTaskRequest = Grid.Api.V1.GetTaskRequest;
using ResultStatus = Grid.Api.V1.ResultStatus;
using Grid.Client;
using Grid.Workflows.Conditions;
using Grid.Workflows.Engine.Export;
using Grid.Workflows.Engine.Instances;
using Grid.Workflows.Engine.Plugins;
using Grid.Workflows.Engine.Registry;
using Grid.Workflows.Worker.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Workflows.Engine.Execution;

/// <summary>
/// Runs workflow instances on the grid. An instance is a grid session; each plugin task execution is a grid task;
/// router and export tasks run here. When a grid task ends (seen on the session's event stream), the engine records
/// the execution, evaluates the task's destinations against the execution context and starts every task whose
/// conditions hold. Every step of an instance runs under the instance's lock and ends with the instance saved.
/// </summary>
public sealed class WorkflowEngine : IAsyncDisposable
{
    private readonly GridClient _grid;
    private readonly WorkflowRegistry _registry;
    private readonly IWorkflowInstanceStore _instances;
    private readonly TaskPluginCatalog _plugins;
    private readonly WorkflowEngineOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<WorkflowEngine> _logger;
    private readonly PluginTaskSubmitter _submitter;
    private readonly ArtifactExporter _exporter;
    private readonly SessionEventWatcher _watcher;
    private readonly InputArtifacts _inputs;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();
    private readonly ConcurrentDictionary<string, (CancellationTokenSource Stop, Task Watch)> _watches = new();
    private readonly CancellationTokenSource _stopping = new();

    public WorkflowEngine(GridClient grid, WorkflowRegistry registry, IWorkflowInstanceStore instances, TaskPluginCatalog plugins,
        IExportSink exportSink, IOptions<WorkflowEngineOptions> options, TimeProvider clock, ILogger<WorkflowEngine> logger)
    {
        _grid = grid;
        _registry = registry;
        _instances = instances;
        _plugins = plugins;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _submitter = new PluginTaskSubmitter(grid, _options);
        _exporter = new ArtifactExporter(grid, exportSink);
        _watcher = new SessionEventWatcher(grid, logger);
        _inputs = new InputArtifacts(grid);
    }

    /// <summary>Starts every workflow the payload matches; returns the new instances (none when nothing matched).</summary>
    public async Task<IReadOnlyList<WorkflowInstance>> TriggerAsync(TriggerPayload payload, CancellationToken cancellationToken)
    {
        TriggerPayloadChecks.Check(payload);
        var revisions = await WorkflowMatcher.MatchAsync(_registry, payload, cancellationToken).ConfigureAwait(false);
        var started = new List<WorkflowInstance>();
        foreach (var revision in revisions)
            started.Add(await StartAsync(revision, payload, cancellationToken).ConfigureAwait(false));
        return started;
    }

    /// <summary>
    /// After a restart: watches the sessions of the running instances again (their event streams are read from the
    /// start, so grid tasks that ended meanwhile are handled), and fails executions that were cut before reaching the grid.
    /// </summary>
    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        var running = await _instances.ListAsync(new WorkflowInstanceFilter(Statuses: [WorkflowInstanceStatus.Running]), cancellationToken).ConfigureAwait(false);
        foreach (var instance in running)
        {
            await StepAsync(instance.InstanceId, async (current, _) =>
            {
                foreach (var cut in current.Executions.Where(e => e.Status == TaskExecutionStatus.Running && e.GridTaskId is null).ToList())
                    await FailAsync(current, cut, "the workflow manager restarted while this task was being started or exported").ConfigureAwait(false);
            }).ConfigureAwait(false);
            Watch(instance.InstanceId, instance.SessionId);
        }
        if (running.Count > 0) _logger.LogInformation("Resumed {Count} running workflow instances", running.Count);
    }

    private async Task<WorkflowInstance> StartAsync(WorkflowRevision revision, TriggerPayload payload, CancellationToken cancellationToken)
    {
        var partitions = _plugins.PartitionsOf(revision.Definition, _options.DefaultPartition);
        var session = await _grid.CreateSessionAsync(partitionIds: partitions.Count > 0 ? partitions : null, ct: cancellationToken).ConfigureAwait(false);
        var inputId = (await session.CreateResultsAsync(["input"], cancellationToken).ConfigureAwait(false))[0];
        await TriggerInputUpload.UploadAsync(session, inputId, payload, cancellationToken).ConfigureAwait(false);

        var instance = new WorkflowInstance
        {
            InstanceId = "wi-" + Guid.NewGuid().ToString("N")[..16],
            WorkflowId = revision.WorkflowId,
            WorkflowRevision = revision.Revision,
            WorkflowName = revision.Name,
            SessionId = session.SessionId,
            AeTitle = payload.AeTitle,
            DataOrigin = payload.DataOrigin,
            CreatedAt = _clock.GetUtcNow(),
            InputResultId = inputId,
            Dicom = payload.Dicom,
        };
        await _instances.SaveAsync(instance, cancellationToken).ConfigureAwait(false);
        Watch(instance.InstanceId, instance.SessionId);
        _logger.LogInformation("Workflow {WorkflowId} revision {Revision} started as instance {InstanceId} on session {SessionId}",
            revision.WorkflowId, revision.Revision, instance.InstanceId, instance.SessionId);
        await StepAsync(instance.InstanceId, (current, rev) => StartExecutionAsync(current, rev, rev.Definition.Tasks![0], null)).ConfigureAwait(false);
        return await _instances.GetAsync(instance.InstanceId, cancellationToken).ConfigureAwait(false) ?? instance;
    }

    /// <summary>
    /// Runs one step on a running instance under its lock, then ends the instance if nothing runs any more and
    /// saves it. A step that throws fails the instance rather than leaving it running forever.
    /// </summary>
    private async Task StepAsync(string instanceId, Func<WorkflowInstance, WorkflowRevision, Task> step)
    {
        var gate = _locks.GetOrAdd(instanceId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(_stopping.Token).ConfigureAwait(false);
        try
        {
            var instance = await _instances.GetAsync(instanceId, _stopping.Token).ConfigureAwait(false);
            if (instance is not { Status: WorkflowInstanceStatus.Running }) return;
            var revision = await _registry.GetAsync(instance.WorkflowId, instance.WorkflowRevision, _stopping.Token).ConfigureAwait(false);
            try
            {
                await step(instance, revision).ConfigureAwait(false);
            }
            catch (Exception e) when (!_stopping.IsCancellationRequested)
            {
                _logger.LogError(e, "Instance {InstanceId} failed in the engine", instanceId);
                var running = instance.Executions.LastOrDefault(x => x.Status == TaskExecutionStatus.Running);
                if (running is not null) await FailAsync(instance, running, $"the workflow manager could not run the task: {e.Message}").ConfigureAwait(false);
                else EndInstance(instance, WorkflowInstanceStatus.Failed, $"the workflow manager failed: {e.Message}");
            }
            await EndIfIdleAsync(instance).ConfigureAwait(false);
            await _instances.SaveAsync(instance, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task StartExecutionAsync(WorkflowInstance instance, WorkflowRevision revision, WorkflowTask task, TaskExecution? previous)
    {
        if (instance.Status != WorkflowInstanceStatus.Running) return;
        var execution = new TaskExecution
        {
            ExecutionId = "ex-" + Guid.NewGuid().ToString("N")[..16],
            TaskId = task.Id!,
            TaskType = task.Type!,
            StartTime = _clock.GetUtcNow(),
            PreviousExecutionId = previous?.ExecutionId,
        };
        instance.Executions.Add(execution);

        if (string.Equals(task.Type, "router", StringComparison.OrdinalIgnoreCase))
        {
            Succeed(execution);
            await RouteAsync(instance, revision, task, execution).ConfigureAwait(false);
            return;
        }

        var (inputs, missing) = await _inputs.ResolveAsync(instance, task, execution, _stopping.Token).ConfigureAwait(false);
        if (missing is not null)
        {
            await FailAsync(instance, execution, missing).ConfigureAwait(false);
            return;
        }

        if (string.Equals(task.Type, "export", StringComparison.OrdinalIgnoreCase))
        {
            if (!await ExportAsync(instance, task, execution, inputs).ConfigureAwait(false)) return;
            Succeed(execution);
            await RouteAsync(instance, revision, task, execution).ConfigureAwait(false);
            return;
        }

        var plugin = _plugins.Find(task.Type)
            ?? throw new InvalidOperationException($"task type '{task.Type}' of task '{task.Id}' has no plugin installed");
        await _submitter.SubmitAsync(instance, revision, task, execution, plugin, inputs, _stopping.Token).ConfigureAwait(false);
    }

    private Task OnGridTaskFinishedAsync(string instanceId, string gridTaskId, TaskStatus status) =>
        StepAsync(instanceId, async (instance, revision) =>
        {
            var execution = instance.Executions.FirstOrDefault(e => e.GridTaskId == gridTaskId && e.Status == TaskExecutionStatus.Running);
            if (execution is null) return;
            var task = revision.Definition.Tasks!.First(t => t.Id == execution.TaskId);
            await RecordGridStatisticsAsync(execution).ConfigureAwait(false);
            if (status != TaskStatus.Completed)
            {
                await FailAsync(instance, execution, await DescribeFailureAsync(gridTaskId, status).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            }

            var session = _grid.OpenSession(instance.SessionId);
            // The grid reports the task completed a moment before it marks the outputs completed: wait for them.
            var outputs = execution.OutputArtifacts.Values.Append(execution.ReportResultId!).ToList();
            var final = await session.WaitAsync(outputs, _stopping.Token).ConfigureAwait(false);
            if (final.FirstOrDefault(r => r.Value != ResultStatus.Completed) is { Key: not null } lost)
            {
                await FailAsync(instance, execution, $"grid result '{lost.Key}' of the task ended {lost.Value} instead of completed").ConfigureAwait(false);
                return;
            }
            var report = WorkflowTaskReport.FromBytes(await session.DownloadAsync(execution.ReportResultId!, _stopping.Token).ConfigureAwait(false));
            execution.Result = report.Result;
            execution.OutputArtifacts = execution.OutputArtifacts
                .Where(o => report.ArtifactFileCounts.GetValueOrDefault(o.Key) > 0)
                .ToDictionary(o => o.Key, o => o.Value);
            var notProduced = (task.Artifacts?.Output ?? []).FirstOrDefault(o => o.Mandatory && !execution.OutputArtifacts.ContainsKey(o.Name!));
            if (notProduced is not null)
            {
                await FailAsync(instance, execution, $"mandatory output artifact '{notProduced.Name}' was not produced").ConfigureAwait(false);
                return;
            }
            var produced = execution.OutputArtifacts.Select(o => new ManifestArtifact(o.Key, o.Value)).ToList();
            if (!await ExportAsync(instance, task, execution, produced).ConfigureAwait(false)) return;
            Succeed(execution);
            await RouteAsync(instance, revision, task, execution).ConfigureAwait(false);
        });

    /// <summary>Exports and records every file's status; a file that failed fails the execution (false).</summary>
    private async Task<bool> ExportAsync(WorkflowInstance instance, WorkflowTask task, TaskExecution execution, IReadOnlyList<ManifestArtifact> artifacts)
    {
        var statuses = await _exporter.ExportAsync(instance, task, execution, artifacts, _stopping.Token).ConfigureAwait(false);
        execution.ExportFiles = statuses.ToList();
        var failed = statuses.Where(s => s.Outcome == ExportFileOutcome.Failed).ToList();
        if (failed.Count == 0) return true;
        var first = failed[0];
        await FailAsync(instance, execution,
            $"export failed for {failed.Count} of {statuses.Count} files (first: {first.Destination}/{first.Artifact}/{first.Path}: {first.Error})").ConfigureAwait(false);
        return false;
    }

    /// <summary>Starts every destination whose conditions hold, all evaluated against the same context.</summary>
    private async Task RouteAsync(WorkflowInstance instance, WorkflowRevision revision, WorkflowTask task, TaskExecution execution)
    {
        var destinations = task.TaskDestinations ?? [];
        if (destinations.Count == 0) return;
        var context = ConditionContextFactory.Create(instance, revision);
        var next = new List<WorkflowTask>();
        for (var i = 0; i < destinations.Count; i++)
        {
            var outcome = ConditionList.EvaluateAll(destinations[i].Conditions ?? [], context);
            foreach (var error in outcome.Errors)
                execution.RoutingErrors.Add($"task_destinations[{i}] ('{destinations[i].Name}'): {error}");
            if (outcome.IsTrue)
                next.Add(revision.Definition.Tasks!.First(t => t.Id == destinations[i].Name));
        }
        foreach (var target in next)
            await StartExecutionAsync(instance, revision, target, execution).ConfigureAwait(false);
    }

    private async Task<string> DescribeFailureAsync(string gridTaskId, TaskStatus status)
    {
        var what = status switch
        {
            TaskStatus.Timeout => "timed out",
            TaskStatus.Cancelled => "was cancelled",
            _ => "failed",
        };
        try
        {
            var task = (await _grid.Tasks.GetTaskAsync(new GetTaskRequest { TaskId = gridTaskId }, cancellationToken: _stopping.Token).ConfigureAwait(false)).Task;
            var attempts = task.Attempt == 1 ? "1 attempt" : $"{task.Attempt} attempts";
            return string.IsNullOrEmpty(task.Output?.Error)
                ? $"grid task '{gridTaskId}' {what} after {attempts}"
                : $"grid task '{gridTaskId}' {what} after {attempts}: {task.Output.Error}";
        }
        catch (Grpc.Core.RpcException e)
        {
            return $"grid task '{gridTaskId}' {what} (its details could not be read: {e.Status.Detail})";
        }
    }

    private async Task RecordGridStatisticsAsync(TaskExecution execution)
    {
        try
        {
            var gridTask = (await _grid.Tasks.GetTaskAsync(new GetTaskRequest { TaskId = execution.GridTaskId }, cancellationToken: _stopping.Token).ConfigureAwait(false)).Task;
            ExecutionStatistics.RecordGridTask(execution, gridTask);
        }
        catch (Grpc.Core.RpcException e)
        {
            _logger.LogWarning("Could not read grid task {GridTaskId} for the statistics of execution {ExecutionId}: {Error}", execution.GridTaskId, execution.ExecutionId, e.Status.Detail);
        }
    }

    private void Succeed(TaskExecution execution)
    {
        execution.Status = TaskExecutionStatus.Succeeded;
        execution.EndTime = _clock.GetUtcNow();
        ExecutionStatistics.RecordEnd(execution);
    }

    /// <summary>
    /// A failed execution stops the instance: it is marked failed, nothing more starts, and its other running
    /// executions are cancelled with the grid session.
    /// </summary>
    private async Task FailAsync(WorkflowInstance instance, TaskExecution execution, string message)
    {
        var now = _clock.GetUtcNow();
        execution.Status = TaskExecutionStatus.Failed;
        execution.EndTime = now;
        execution.ErrorMessage = message;
        ExecutionStatistics.RecordEnd(execution);
        foreach (var other in instance.Executions.Where(e => e.Status == TaskExecutionStatus.Running))
        {
            other.Status = TaskExecutionStatus.Cancelled;
            other.EndTime = now;
            other.ErrorMessage = $"cancelled because task '{execution.TaskId}' failed";
            ExecutionStatistics.RecordEnd(other);
        }
        EndInstance(instance, WorkflowInstanceStatus.Failed, $"task '{execution.TaskId}' failed: {message}");
        try
        {
            await _grid.OpenSession(instance.SessionId).CancelAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Grpc.Core.RpcException e)
        {
            _logger.LogWarning("Could not cancel session {SessionId} of failed instance {InstanceId}: {Error}", instance.SessionId, instance.InstanceId, e.Status.Detail);
        }
    }

    private async Task EndIfIdleAsync(WorkflowInstance instance)
    {
        if (instance.Status != WorkflowInstanceStatus.Running || instance.Executions.Any(e => e.Status == TaskExecutionStatus.Running)) return;
        EndInstance(instance, WorkflowInstanceStatus.Succeeded, null);
        try
        {
            await _grid.OpenSession(instance.SessionId).CloseAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Grpc.Core.RpcException e)
        {
            _logger.LogWarning("Could not close session {SessionId} of instance {InstanceId}: {Error}", instance.SessionId, instance.InstanceId, e.Status.Detail);
        }
    }

    private void EndInstance(WorkflowInstance instance, WorkflowInstanceStatus status, string? error)
    {
        instance.Status = status;
        instance.EndedAt = _clock.GetUtcNow();
        instance.ErrorMessage = error;
        if (_watches.TryRemove(instance.InstanceId, out var watch)) watch.Stop.Cancel();
        _logger.LogInformation("Workflow instance {InstanceId} ended: {Status} {Error}", instance.InstanceId, status, error);
    }

    private void Watch(string instanceId, string sessionId)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        if (!_watches.TryAdd(instanceId, (stop, Task.CompletedTask)))
        {
            stop.Dispose();
            return;
        }
        var watch = Task.Run(() => _watcher.WatchAsync(sessionId, (taskId, status) => OnGridTaskFinishedAsync(instanceId, taskId, status), stop.Token));
        _watches.TryUpdate(instanceId, (stop, watch), (stop, Task.CompletedTask));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        var watches = _watches.Values.Select(w => w.Watch).ToList();
        try
        {
            await Task.WhenAll(watches).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Cancelled })
        {
            // Stopping: the watches end by cancellation.
        }
        _stopping.Dispose();
    }
}
