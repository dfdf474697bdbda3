using Grid.Worker;
using Grid.Workflows.Worker.Protocol;

namespace Grid.Workflows.Worker;

/// <summary>
/// Base of a worker handler for workflow tasks: reads the manifest from the payload, runs
/// <see cref="HandleAsync(WorkflowTaskContext, CancellationToken)"/>, then writes the output artifacts and the report.
/// Throwing fails the attempt as with any handler.
/// </summary>
public abstract class WorkflowTaskHandler : ITaskHandler
{
    public async Task HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        WorkflowTaskManifest manifest;
        try
        {
            manifest = WorkflowTaskManifest.FromBytes(context.Payload.Span);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
        {
            throw new TaskFailedException($"the payload of task '{context.TaskId}' is not a workflow task manifest: {e.Message}");
        }
        var workflowTask = new WorkflowTaskContext(context, manifest);
        await HandleAsync(workflowTask, cancellationToken).ConfigureAwait(false);
        await workflowTask.WriteOutputsAsync(cancellationToken).ConfigureAwait(false);
    }

    protected abstract Task HandleAsync(WorkflowTaskContext context, CancellationToken cancellationToken);
}
