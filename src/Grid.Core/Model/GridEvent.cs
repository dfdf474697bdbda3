namespace Grid.Core.Model;

public enum GridEventKind
{
    NewTask = 1,
    TaskStatusChanged = 2,
    NewResult = 3,
    ResultStatusChanged = 4,
}

/// <summary>
/// One entry of a session's event log. The log assigns <see cref="Sequence"/>: strictly increasing
/// and gapless within a session, so a client resumes exactly where it stopped.
/// </summary>
public sealed record GridEvent
{
    public required string SessionId { get; init; }
    public required GridEventKind Kind { get; init; }
    /// <summary>Task id or result id, by <see cref="Kind"/>.</summary>
    public required string SubjectId { get; init; }
    /// <summary>The new <see cref="TaskState"/> or <see cref="ResultState"/>, as a number.</summary>
    public required int Status { get; init; }
    public int Attempt { get; init; }
    public string? ParentTaskId { get; init; }
    public string? OwnerTaskId { get; init; }
    public string? Name { get; init; }
    public IReadOnlyList<string>? ExpectedOutputIds { get; init; }
    public IReadOnlyList<string>? DataDependencies { get; init; }
    public DateTime Time { get; init; }
    public ulong Sequence { get; init; }

    public static GridEvent ForNewTask(TaskRecord task, DateTime time) => new()
    {
        SessionId = task.SessionId, Kind = GridEventKind.NewTask, SubjectId = task.TaskId, Status = (int)task.Status,
        ParentTaskId = task.ParentTaskId, ExpectedOutputIds = task.ExpectedOutputIds, DataDependencies = task.DataDependencies,
        Attempt = task.Attempt, Time = time,
    };

    public static GridEvent ForTaskStatus(TaskRecord task, DateTime time) => new()
    {
        SessionId = task.SessionId, Kind = GridEventKind.TaskStatusChanged, SubjectId = task.TaskId,
        Status = (int)task.Status, Attempt = task.Attempt, Time = time,
    };

    public static GridEvent ForNewResult(ResultRecord result, DateTime time) => new()
    {
        SessionId = result.SessionId, Kind = GridEventKind.NewResult, SubjectId = result.ResultId, Status = (int)result.Status,
        Name = result.Name, OwnerTaskId = result.OwnerTaskId, Time = time,
    };

    public static GridEvent ForResultStatus(ResultRecord result, DateTime time) => new()
    {
        SessionId = result.SessionId, Kind = GridEventKind.ResultStatusChanged, SubjectId = result.ResultId,
        Status = (int)result.Status, OwnerTaskId = result.OwnerTaskId, Time = time,
    };
}
