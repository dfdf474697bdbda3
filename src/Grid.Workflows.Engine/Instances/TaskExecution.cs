using System.Text.Json.Nodes;

namespace Grid.Workflows.Engine.Instances;

/// <summary>One run of one task of a workflow instance. Changed only by the engine, under the instance's lock.</summary>
public sealed class TaskExecution
{
    public required string ExecutionId { get; init; }
    public required string TaskId { get; init; }
    public required string TaskType { get; init; }
    public TaskExecutionStatus Status { get; set; } = TaskExecutionStatus.Running;
    public DateTimeOffset StartTime { get; init; }
    public DateTimeOffset? EndTime { get; set; }
    public string? ErrorMessage { get; set; }

    /// <summary>The metadata the task returned.</summary>
    public JsonObject? Result { get; set; }

    /// <summary>
    /// Figures about the run, read by conditions as <c>execution_stats.&lt;key&gt;</c>: <c>duration_seconds</c> once it
    /// ended, and for a grid task <c>attempts</c>, <c>run_seconds</c> (the last attempt) and <c>agent_id</c>.
    /// </summary>
    public JsonObject ExecutionStats { get; set; } = [];

    /// <summary>The grid task that runs it; null for router and export tasks, which the engine runs itself.</summary>
    public string? GridTaskId { get; set; }

    /// <summary>The grid result that receives the task's report.</summary>
    public string? ReportResultId { get; set; }

    public string? PreviousExecutionId { get; init; }

    /// <summary>Output artifact name to its grid result, for every declared output while running, then only the produced ones.</summary>
    public Dictionary<string, string> OutputArtifacts { get; set; } = new();

    public List<string> RoutingErrors { get; init; } = [];

    /// <summary>Every file this execution exported, per destination, with what became of it.</summary>
    public List<Export.ExportFileStatus> ExportFiles { get; set; } = [];

    /// <summary>The value of <c>context.executions.&lt;task&gt;.status</c>: the specification's "success" and "fail".</summary>
    public string ConditionStatus => Status switch
    {
        TaskExecutionStatus.Succeeded => "success",
        TaskExecutionStatus.Failed => "fail",
        TaskExecutionStatus.Cancelled => "cancelled",
        _ => "running",
    };
}
