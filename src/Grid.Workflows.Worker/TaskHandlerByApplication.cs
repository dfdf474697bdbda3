using Grid.Worker;

namespace Grid.Workflows.Worker;

/// <summary>
/// One worker serving several applications: the task's application name picks the handler, and any other name goes
/// to <paramref name="fallback"/> (for example the sample worker).
/// </summary>
public sealed class TaskHandlerByApplication(IReadOnlyDictionary<string, ITaskHandler> handlers, ITaskHandler fallback) : ITaskHandler
{
    public Task HandleAsync(TaskContext context, CancellationToken cancellationToken) =>
        (handlers.TryGetValue(context.Options.ApplicationName ?? "", out var handler) ? handler : fallback).HandleAsync(context, cancellationToken);
}
