using Grid.Worker;
using Grid.Workflows.Worker;

namespace Grid.Workflows.Kubernetes.Tests;

/// <summary>
/// Test application: waits until the stand-in holds an object created for the same workflow instance, then fails,
/// which fails the instance and cancels its other running tasks.
/// </summary>
public sealed class FailWhenObjectExistsHandler(KubernetesApiStandIn api) : WorkflowTaskHandler
{
    public const string Application = "test-fail-when-object-exists";

    protected override async Task HandleAsync(WorkflowTaskContext context, CancellationToken cancellationToken)
    {
        var instanceId = context.Manifest.InstanceId;
        await api.WaitAsync(a => a.Created.Any(o => (string?)o["metadata"]?["annotations"]?["grid/instance-id"] == instanceId),
            $"an object of instance {instanceId}");
        throw new TaskFailedException($"task '{context.TaskId}' failed on purpose");
    }
}
