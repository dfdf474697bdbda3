using Google.Protobuf;
using Grid.Api.V1;
using Grid.Core;
using Grid.Core.Api;
using Grid.Core.Model;
using Grid.Core.Operations;
using Grid.Core.Storage;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Grid.Agent;

/// <summary>
/// Runs one queue message to its end: takes the task with a conditional update that also starts it (Processing,
/// under this agent's lease), confirms its session lets it run while its inputs are prefetched, calls the worker,
/// and hands the outcome to the finisher.
/// </summary>
public sealed class TaskRunner(
    GridStorage storage,
    TaskFinisher finisher,
    SessionOperations sessions,
    AttemptRegistry attempts,
    AttemptOutputs outputs,
    WorkerChannel worker,
    GridLimits limits,
    IOptions<AgentOptions> options,
    TimeProvider clock,
    ILogger<TaskRunner> logger)
{
    private readonly AgentOptions _options = options.Value;

    /// <param name="stopTaking">Stops taking the message's task (shutdown started).</param>
    /// <param name="handBack">Interrupts a running task, which goes back to the queue without spending an attempt.</param>
    public async Task RunAsync(IQueueMessage message, CancellationToken stopTaking, CancellationToken handBack)
    {
        var task = await TakeAsync(message, stopTaking).ConfigureAwait(false);
        if (task is null) return;

        var attempt = new RunningAttempt(task, _options.DataFolder);
        attempts.Add(attempt);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(attempt.Abort.Token, handBack);
        try
        {
            await ProcessAsync(attempt, interrupt.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (interrupt.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            if (handBack.IsCancellationRequested)
            {
                logger.LogInformation("Task {TaskId} handed back: the agent is shutting down", task.TaskId);
                await finisher.HandBackAsync(attempt.Task, attempt.Outcome, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await finisher.DiscardAsync(attempt.Task, attempt.Outcome, CancellationToken.None).ConfigureAwait(false); // cancelled meanwhile
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Task {TaskId}: the agent failed while running it", task.TaskId);
            // A step after the task was stored as Completed may be what failed (a storage server went away
            // between two commits): failing the attempt then would delete the outputs of a completed task.
            // Only an attempt still ours is failed; the rest is left to lease recovery and the dispatch repair.
            if (await IsStillOursAsync(attempt.Task.TaskId).ConfigureAwait(false))
                await finisher.FailAsync(attempt.Task, attempt.Outcome, $"agent error: {e.Message}", retryable: true, TaskState.Error, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            attempts.Remove(attempt);
            if (Directory.Exists(attempt.Folder)) Directory.Delete(attempt.Folder, recursive: true);
        }
    }

    /// <summary>True when the task is still Processing here; false when it moved on or the tables cannot tell.</summary>
    private async Task<bool> IsStillOursAsync(string taskId)
    {
        try
        {
            var current = await storage.Tasks.GetAsync(taskId, CancellationToken.None).ConfigureAwait(false);
            return current is { Status: TaskState.Processing } && current.OwnerAgentId == _options.AgentId;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Task {TaskId}: the tables cannot be read; its lease will expire and the control plane takes it back", taskId);
            return false;
        }
    }

    /// <summary>The task, now Processing under this agent's lease; null when the message is stale or another agent has it.</summary>
    /// <remarks>
    /// The message is acknowledged once the table has answered (taken, stale, or lost to another agent). When
    /// the tables cannot be reached it goes back to the queue instead: acknowledged, it would leave a
    /// Submitted task that no message names. A shutdown that starts before the take hands the message back; one that
    /// starts during it does not cancel it: a take cancelled midway may still be stored, leaving the task Processing
    /// under an agent that will not run it until its lease expires (and its attempt spent).
    /// </remarks>
    private async Task<TaskRecord?> TakeAsync(IQueueMessage message, CancellationToken stopTaking)
    {
        if (stopTaking.IsCancellationRequested)
        {
            await message.ReleaseAsync().ConfigureAwait(false);
            return null;
        }
        TaskRecord? taken;
        try
        {
            taken = await TryTakeAsync(message.TaskId, CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            await message.ReleaseAsync().ConfigureAwait(false);
            throw;
        }
        await message.AcknowledgeAsync().ConfigureAwait(false);
        return taken;
    }

    /// <summary>The task if it was Submitted; null for a duplicate or stale message, or when another agent won the race.</summary>
    /// <remarks>
    /// Taking the task starts it: a separate write for the start, once the inputs are fetched, would be a third update of
    /// the task row (every index rewritten) and a commit waited for on the way of every task.
    /// </remarks>
    private async Task<TaskRecord?> TryTakeAsync(string taskId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var taken = await storage.Tasks.TransitionAsync(
            [new TaskTransition(taskId, TaskState.Submitted, TaskState.Processing, now) { OwnerAgentId = _options.AgentId, LeaseExpiresAt = now + _options.LeaseDuration, RecordsEvent = true }],
            cancellationToken).ConfigureAwait(false);
        return taken.Count == 1 ? taken[0] : null;
    }

    /// <summary>
    /// Whether the task's session lets it run. Asked after the take, beside the prefetch, to keep a round trip off
    /// the way of every task. A task of a paused session is handed back to Submitted without spending its attempt,
    /// and queued again if the session was resumed meanwhile (resuming queues only the tasks it finds Submitted);
    /// one of a session that ended is cancelled.
    /// </summary>
    private async Task<bool> SessionLetsRunAsync(TaskRecord task, CancellationToken cancellationToken)
    {
        var session = await storage.Sessions.GetAsync(task.SessionId, cancellationToken).ConfigureAwait(false);
        if (session?.Status is SessionState.Running or SessionState.Closed) return true;
        if (session?.Status is SessionState.Paused)
        {
            await finisher.HandBackAsync(task, new AttemptOutcome(), CancellationToken.None).ConfigureAwait(false);
            return false;
        }
        await sessions.CancelTasksAsync([task], CancellationToken.None).ConfigureAwait(false);
        return false;
    }

    /// <summary>Runs the attempt to its end; throws when <paramref name="interrupt"/> stops it.</summary>
    private async Task ProcessAsync(RunningAttempt attempt, CancellationToken interrupt)
    {
        var sessionLetsRun = SessionLetsRunAsync(attempt.Task, interrupt);
        ProcessRequest request;
        try
        {
            request = await PrefetchAsync(attempt, interrupt).ConfigureAwait(false);
        }
        finally
        {
            // Decided before anything else happens to the task, whatever the prefetch did.
            if (!await sessionLetsRun.ConfigureAwait(false)) attempt.Abort.Cancel();
        }
        if (attempt.Abort.IsCancellationRequested) return;

        var maxDuration = attempt.Task.Options.MaxDuration ?? TimeSpan.FromHours(1);
        ProcessResponse response;
        try
        {
            response = await worker.Client.ProcessAsync(request, deadline: DateTime.UtcNow + maxDuration, cancellationToken: interrupt).ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
        {
            await finisher.FailAsync(attempt.Task, attempt.Outcome, $"timed out after {maxDuration}", retryable: true, TaskState.Timeout, CancellationToken.None).ConfigureAwait(false);
            return;
        }
        catch (RpcException e) when (!interrupt.IsCancellationRequested)
        {
            await finisher.FailAsync(attempt.Task, attempt.Outcome, $"worker call failed: {e.Status.StatusCode}: {e.Status.Detail}", retryable: true, TaskState.Error, CancellationToken.None).ConfigureAwait(false);
            return;
        }
        finally
        {
            // From here the attempt ends itself: the watch, seeing its task leave Processing, has nothing to stop.
            attempt.EndWorkerCall();
        }

        if (response.OutcomeCase == ProcessResponse.OutcomeOneofCase.Failure)
        {
            await finisher.FailAsync(attempt.Task, attempt.Outcome, response.Failure.Message, response.Failure.Retryable, TaskState.Error, CancellationToken.None).ConfigureAwait(false);
            return;
        }
        try
        {
            foreach (var output in response.Outputs)
                await outputs.StoreAsync(attempt, output.ResultId, output.Data.Memory, CancellationToken.None).ConfigureAwait(false);
        }
        catch (GridException e)
        {
            await finisher.FailAsync(attempt.Task, attempt.Outcome, e.Message, retryable: false, TaskState.Error, CancellationToken.None).ConfigureAwait(false);
            return;
        }
        await finisher.SucceedAsync(attempt.Task, attempt.Outcome, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The worker request with the payload and dependencies: inline when small, as files otherwise.</summary>
    /// <remarks>
    /// The inputs are read from object storage directly, all at once, without reading their records first: a task is
    /// Submitted only once every input completed, and a completed result's data changes only by being deleted (then
    /// the read fails, and so does the attempt).
    /// </remarks>
    private async Task<ProcessRequest> PrefetchAsync(RunningAttempt attempt, CancellationToken cancellationToken)
    {
        var task = attempt.Task;
        var inputIds = task.Inputs.Distinct().ToList();
        var fetched = await Task.WhenAll(inputIds.Select(id => FetchAsync(attempt, id, cancellationToken))).ConfigureAwait(false);
        var references = fetched.ToDictionary(r => r.ResultId);

        var request = new ProcessRequest
        {
            CommunicationToken = attempt.Token,
            SessionId = task.SessionId,
            TaskId = task.TaskId,
            Attempt = task.Attempt,
            Options = task.Options.ToApi(),
            Payload = references[task.PayloadId],
            DataFolder = attempt.Folder,
        };
        request.DataDependencies.Add(task.DataDependencies.Select(id => references[id]));
        request.ExpectedOutputIds.Add(task.ExpectedOutputIds);
        // The folder itself is made only when large data needs it: a mkdir per task costs more than an empty task.
        return request;
    }

    /// <summary>One input, in memory up to <see cref="GridLimits.WorkerInlineDataSize"/>; past it, the rest follows into a file.</summary>
    private async Task<DataReference> FetchAsync(RunningAttempt attempt, string resultId, CancellationToken cancellationToken)
    {
        using var inline = new MemoryStream();
        FileStream? file = null;
        try
        {
            await foreach (var chunk in storage.Objects.ReadAsync(resultId, 1 << 20, cancellationToken).ConfigureAwait(false))
            {
                if (file is null && inline.Length + chunk.Length > limits.WorkerInlineDataSize)
                {
                    Directory.CreateDirectory(attempt.Folder);
                    file = new FileStream(InputPath(attempt, resultId), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                    await file.WriteAsync(inline.GetBuffer().AsMemory(0, (int)inline.Length), cancellationToken).ConfigureAwait(false);
                }
                if (file is null) inline.Write(chunk.Span);
                else await file.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (file is not null) await file.DisposeAsync().ConfigureAwait(false);
        }
        return file is null
            ? new DataReference { ResultId = resultId, InlineData = UnsafeByteOperations.UnsafeWrap(inline.GetBuffer().AsMemory(0, (int)inline.Length)) }
            : new DataReference { ResultId = resultId, FilePath = InputPath(attempt, resultId) };
    }

    private static string InputPath(RunningAttempt attempt, string resultId) => Path.Combine(attempt.Folder, $"input-{resultId}");
}
