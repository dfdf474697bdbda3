namespace Grid.Core.Model;

public sealed record TaskRecord
{
    public required string SessionId { get; init; }
    public required string TaskId { get; init; }
    public required TaskState Status { get; init; }
    /// <summary>Resolved options: every field set.</summary>
    public required GridTaskOptions Options { get; init; }
    public required string PayloadId { get; init; }
    public required IReadOnlyList<string> DataDependencies { get; init; }
    public required IReadOnlyList<string> ExpectedOutputIds { get; init; }
    public string? ParentTaskId { get; init; }
    /// <summary>How deep in subtasking: 0 for a task submitted by a client, its parent's depth + 1 for a subtask.</summary>
    public int Depth { get; init; }
    /// <summary>1 for the first attempt.</summary>
    public int Attempt { get; init; } = 1;
    public string? OwnerAgentId { get; init; }
    public DateTime? LeaseExpiresAt { get; init; }
    public string? Error { get; init; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? SubmittedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? EndedAt { get; init; }

    public string PartitionId => Options.PartitionId ?? GridTaskOptions.DefaultPartition;
    public int Priority => Options.Priority ?? 1;
    public int MaxRetries => Options.MaxRetries ?? 0;

    /// <summary>The payload and the data dependencies: every result that must be completed before the task runs.</summary>
    public IEnumerable<string> Inputs => DataDependencies.Prepend(PayloadId);
}
