using Grid.Core.Model;
using MongoDB.Bson.Serialization.Attributes;

namespace Grid.Storage.MongoDb.Documents;

/// <summary>
/// A task with, embedded, the inputs it still waits for (<see cref="WaitingOn"/>, multikey-indexed).
/// <see cref="Version"/> grows with every write, so a read-check-write is applied only if nothing
/// changed the document in between.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class TaskDocument
{
    [BsonId] public string Id { get; set; } = "";
    [BsonElement("session")] public string SessionId { get; set; } = "";
    [BsonElement("status")] public int Status { get; set; }
    [BsonElement("partition")] public string PartitionId { get; set; } = "";
    [BsonElement("options")] public TaskOptionsDocument Options { get; set; } = new();
    [BsonElement("payload")] public string PayloadId { get; set; } = "";
    [BsonElement("dependencies")] public List<string> DataDependencies { get; set; } = [];
    [BsonElement("outputs")] public List<string> ExpectedOutputIds { get; set; } = [];
    [BsonElement("parent")] public string? ParentTaskId { get; set; }
    // Absent in documents written before depth existed: those read as 0.
    [BsonElement("depth")] public int Depth { get; set; }
    [BsonElement("attempt")] public int Attempt { get; set; }
    [BsonElement("owner")] public string? OwnerAgentId { get; set; }
    [BsonElement("lease_expires")] public long? LeaseExpiresAt { get; set; }
    [BsonElement("error")] public string? Error { get; set; }
    [BsonElement("created")] public long CreatedAt { get; set; }
    [BsonElement("submitted")] public long? SubmittedAt { get; set; }
    [BsonElement("started")] public long? StartedAt { get; set; }
    [BsonElement("ended")] public long? EndedAt { get; set; }
    [BsonElement("waiting_on")] public List<string> WaitingOn { get; set; } = [];
    [BsonElement("version")] public long Version { get; set; }

    public static TaskDocument From(TaskRecord task, IEnumerable<string> waitingOn) => new()
    {
        Id = task.TaskId,
        SessionId = task.SessionId,
        Status = (int)task.Status,
        PartitionId = task.PartitionId,
        Options = TaskOptionsDocument.From(task.Options),
        PayloadId = task.PayloadId,
        DataDependencies = [.. task.DataDependencies],
        ExpectedOutputIds = [.. task.ExpectedOutputIds],
        ParentTaskId = task.ParentTaskId,
        Depth = task.Depth,
        Attempt = task.Attempt,
        OwnerAgentId = task.OwnerAgentId,
        LeaseExpiresAt = Ticks.Of(task.LeaseExpiresAt),
        Error = task.Error,
        CreatedAt = Ticks.Of(task.CreatedAt),
        SubmittedAt = Ticks.Of(task.SubmittedAt),
        StartedAt = Ticks.Of(task.StartedAt),
        EndedAt = Ticks.Of(task.EndedAt),
        WaitingOn = waitingOn.Distinct().ToList(),
    };

    public TaskRecord ToRecord() => new()
    {
        TaskId = Id,
        SessionId = SessionId,
        Status = (TaskState)Status,
        Options = Options.ToOptions(),
        PayloadId = PayloadId,
        DataDependencies = DataDependencies,
        ExpectedOutputIds = ExpectedOutputIds,
        ParentTaskId = ParentTaskId,
        Depth = Depth,
        Attempt = Attempt,
        OwnerAgentId = OwnerAgentId,
        LeaseExpiresAt = Ticks.Time(LeaseExpiresAt),
        Error = Error,
        CreatedAt = Ticks.Time(CreatedAt),
        SubmittedAt = Ticks.Time(SubmittedAt),
        StartedAt = Ticks.Time(StartedAt),
        EndedAt = Ticks.Time(EndedAt),
    };
}
