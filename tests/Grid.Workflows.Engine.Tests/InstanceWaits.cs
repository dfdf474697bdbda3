using Grid.Api.V1;

namespace Grid.Workflows.Engine.Tests;

/// <summary>Waits on the status API for a condition, with a deadline.</summary>
internal static class InstanceWaits
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    public static async Task<WorkflowInstance> UntilEndedAsync(WorkflowInstancesService.WorkflowInstancesServiceClient client, string instanceId) =>
        await UntilAsync(client, instanceId, i => i.Status != WorkflowInstanceStatus.Running, "ended");

    /// <summary>Fails with the instance's error and executions, so that a wrong route or a failure says why.</summary>
    public static void AssertStatus(WorkflowInstanceStatus expected, WorkflowInstance instance) =>
        Assert.True(instance.Status == expected,
            $"instance {instance.InstanceId} is {instance.Status}, not {expected}: {instance.ErrorMessage}; executions: "
            + string.Join("; ", instance.Executions.Select(e => $"{e.TaskId}={e.Status} {e.ErrorMessage} {string.Join(" ", e.RoutingErrors)}")));

    public static async Task<WorkflowInstance> UntilAsync(
        WorkflowInstancesService.WorkflowInstancesServiceClient client, string instanceId, Func<WorkflowInstance, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var instance = (await client.GetWorkflowInstanceAsync(new GetWorkflowInstanceRequest { InstanceId = instanceId })).Instance;
            if (condition(instance)) return instance;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"instance {instanceId} has not {what} within {Deadline}: it is {instance.Status} with executions {string.Join(", ", instance.Executions.Select(e => $"{e.TaskId}={e.Status}"))}");
            await Task.Delay(100);
        }
    }
}
