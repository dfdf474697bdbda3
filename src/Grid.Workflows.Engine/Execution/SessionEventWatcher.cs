using Grid.Api.V1;
using Grid.Client;
using Microsoft.Extensions.Logging;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Workflows.Engine.Execution;

/// <summary>
/// Follows the event stream of a session and reports every task that reached a final status (completed, error,
/// timeout, cancelled; a failed attempt that is retried goes back to submitted and is not final). The stream is
/// read from the start, so a restarted engine sees again what it may have missed; the engine ignores repeats.
/// </summary>
internal sealed class SessionEventWatcher(GridClient grid, ILogger logger)
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    public async Task WatchAsync(string sessionId, Func<string, TaskStatus, Task> onTaskFinished, CancellationToken cancellationToken)
    {
        ulong last = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in grid.OpenSession(sessionId).WatchEventsAsync(last, cancellationToken).ConfigureAwait(false))
                {
                    last = change.Sequence;
                    if (change.TaskStatusChanged is { } status && IsFinal(status.Status))
                        await onTaskFinished(status.TaskId, status.Status).ConfigureAwait(false);
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped: a cancelled gRPC call ends as an RpcException (Cancelled) as often as an OperationCanceledException.
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Watching the events of session {SessionId} failed; watching again from event {Sequence}", sessionId, last);
                try
                {
                    await Task.Delay(RetryPause, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public static bool IsFinal(TaskStatus status) =>
        status is TaskStatus.Completed or TaskStatus.Error or TaskStatus.Timeout or TaskStatus.Cancelled;
}
