using Grid.Core.Model;

namespace Grid.Storage.Conformance;

/// <summary>Records for the conformance tests, each with fresh ids so that tests never see each other's data.</summary>
public static class Records
{
    public static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static SessionRecord Session(string? id = null, DateTime? createdAt = null, SessionState status = SessionState.Running) => new()
    {
        SessionId = id ?? NewId("s"),
        Status = status,
        DefaultOptions = GridTaskOptions.GridDefaults,
        PartitionIds = [GridTaskOptions.DefaultPartition],
        CreatedAt = createdAt ?? Epoch,
    };

    public static ResultRecord Result(string sessionId, string? name = null, ResultState status = ResultState.Created, string? owner = null, DateTime? createdAt = null, long size = 0) => new()
    {
        SessionId = sessionId,
        ResultId = NewId("r"),
        Name = name ?? "result",
        Status = status,
        OwnerTaskId = owner,
        Size = size,
        CreatedAt = createdAt ?? Epoch,
        CompletedAt = status == ResultState.Completed ? createdAt ?? Epoch : null,
    };

    public static TaskRecord Task(string sessionId, TaskState status = TaskState.Submitted, string? payloadId = null, IReadOnlyList<string>? dependencies = null,
        IReadOnlyList<string>? outputs = null, string? parent = null, DateTime? createdAt = null, int priority = 1, string partition = GridTaskOptions.DefaultPartition,
        int depth = 0) => new()
    {
        SessionId = sessionId,
        TaskId = NewId("t"),
        Status = status,
        Options = GridTaskOptions.GridDefaults with { Priority = priority, PartitionId = partition, Options = new Dictionary<string, string> { ["k"] = "v" } },
        PayloadId = payloadId ?? NewId("p"),
        DataDependencies = dependencies ?? [],
        ExpectedOutputIds = outputs ?? [NewId("o")],
        ParentTaskId = parent,
        Depth = depth,
        CreatedAt = createdAt ?? Epoch,
        SubmittedAt = status == TaskState.Submitted ? createdAt ?? Epoch : null,
    };
}
