using Grid.Api.V1;
using TaskExecution = Grid.Workflows.Engine.Instances.TaskExecution;

namespace Grid.Workflows.Engine.Execution;

/// <summary>Fills <see cref="TaskExecution.ExecutionStats"/>, MONAI Deploy's <c>execution_stats</c> in Grid's terms.</summary>
internal static class ExecutionStatistics
{
    public static void RecordEnd(TaskExecution execution)
    {
        if (execution.EndTime is { } end)
            execution.ExecutionStats["duration_seconds"] = Seconds(end - execution.StartTime);
    }

    public static void RecordGridTask(TaskExecution execution, TaskInfo gridTask)
    {
        execution.ExecutionStats["attempts"] = gridTask.Attempt;
        if (gridTask.StartedAt is not null && gridTask.EndedAt is not null)
            execution.ExecutionStats["run_seconds"] = Seconds(gridTask.EndedAt.ToDateTimeOffset() - gridTask.StartedAt.ToDateTimeOffset());
        if (!string.IsNullOrEmpty(gridTask.OwnerAgentId))
            execution.ExecutionStats["agent_id"] = gridTask.OwnerAgentId;
    }

    private static double Seconds(TimeSpan span) => Math.Round(Math.Max(0, span.TotalSeconds), 3);
}
