using Grid.Worker;

namespace Grid.Workflows.TaskWorker;

/// <summary>A task for an application this worker does not serve: its pool was given the wrong worker.</summary>
internal sealed class UnservedApplicationHandler(IReadOnlyCollection<string> served) : ITaskHandler
{
    public Task HandleAsync(TaskContext context, CancellationToken cancellationToken) =>
        throw new TaskFailedException(
            $"task '{context.TaskId}' asks for application '{context.Options.ApplicationName}', which the task worker does not serve (it serves {string.Join(", ", served)})");
}
