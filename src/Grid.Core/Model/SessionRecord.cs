namespace Grid.Core.Model;

public sealed record SessionRecord
{
    public required string SessionId { get; init; }
    public required SessionState Status { get; init; }
    public required GridTaskOptions DefaultOptions { get; init; }
    public required IReadOnlyList<string> PartitionIds { get; init; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? CancelledAt { get; init; }
    public DateTime? ClosedAt { get; init; }

    /// <summary>New tasks may be added (by clients, or by running tasks for subtasks).</summary>
    public bool AcceptsTasks => Status is SessionState.Running or SessionState.Paused;
}
