namespace Grid.Workflows.Conditions;

/// <summary>What a condition may read of one task execution.</summary>
public sealed record TaskExecutionSnapshot
{
    public string? Status { get; init; }
    public string? ErrorMessage { get; init; }
    public string? ExecutionId { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>The metadata the task returned; nested dictionaries and sequences are followed by result paths.</summary>
    public IReadOnlyDictionary<string, object?>? Result { get; init; }
}
