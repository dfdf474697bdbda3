namespace Grid.Core.Model;

public sealed record ResultRecord
{
    public required string SessionId { get; init; }
    public required string ResultId { get; init; }
    public required string Name { get; init; }
    public required ResultState Status { get; init; }
    /// <summary>Task that must produce the data; null while no task owns the result.</summary>
    public string? OwnerTaskId { get; init; }
    /// <summary>Task that created the record; null when a client did.</summary>
    public string? CreatedByTaskId { get; init; }
    public long Size { get; init; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? CompletedAt { get; init; }
}
