using Grid.Api.V1;

namespace Grid.Workflows.Kubernetes.Tests;

/// <summary>Waits on the status API for a workflow instance to end, with a deadline.</summary>
internal static class InstanceWaits
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    public static async Task<WorkflowInstance> UntilEndedAsync(WorkflowInstancesService.WorkflowInstancesServiceClient client, string instanceId)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var instance = (await client.GetWorkflowInstanceAsync(new GetWorkflowInstanceRequest { InstanceId = instanceId })).Instance;
            if (instance.Status != WorkflowInstanceStatus.Running) return instance;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"instance {instanceId} has not ended within {Deadline}: executions {string.Join(", ", instance.Executions.Select(e => $"{e.TaskId}={e.Status}"))}");
            await Task.Delay(100);
        }
    }

    /// <summary>Fails with the instance's error and executions, so that a failure says why.</summary>
    public static void AssertStatus(WorkflowInstanceStatus expected, WorkflowInstance instance) =>
        Assert.True(instance.Status == expected,
            $"instance {instance.InstanceId} is {instance.Status}, not {expected}: {instance.ErrorMessage}; executions: "
            + string.Join("; ", instance.Executions.Select(e => $"{e.TaskId}={e.Status} {e.ErrorMessage}")));
}
