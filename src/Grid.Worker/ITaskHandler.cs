namespace Grid.Worker;

/// <summary>
/// The one thing a worker implements. Return normally when every expected output was written
/// (<see cref="TaskContext.SetOutputAsync(string, ReadOnlyMemory{byte}, CancellationToken)"/>) or delegated to a subtask.
/// Throw to fail the attempt: any exception is retryable (the task gets another attempt while it
/// has retries left), except <see cref="TaskFailedException"/> with <c>Retryable = false</c>.
/// </summary>
public interface ITaskHandler
{
    Task HandleAsync(TaskContext context, CancellationToken cancellationToken);
}
