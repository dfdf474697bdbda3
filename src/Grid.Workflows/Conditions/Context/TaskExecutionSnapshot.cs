namespace Grid.Workflows.Conditions;

/// <summary>What a condition may read of one task execution.</summary>
public sealed record TaskExecutionSnapshot
{
    public string? Status { get; init; }
    public string? ErrorMessage { get; init; }
    public string? ExecutionId { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public string? TaskType { get; init; }
    public string? PreviousTaskId { get; init; }
    public string? InputDir { get; init; }
    public string? OutputDir { get; init; }

    /// <summary>The metadata the task returned; nested dictionaries and sequences are followed by result paths.</summary>
    public IReadOnlyDictionary<string, object?>? Result { get; init; }

    /// <summary>Figures about the run (duration, attempts), read as <c>execution_stats.&lt;key&gt;</c>.</summary>
    public IReadOnlyDictionary<string, object?>? ExecutionStats { get; init; }

    /// <summary>The task's definition in the workflow (a JSON object), read as <c>task.&lt;key&gt;</c>.</summary>
    public object? Task { get; init; }
}
