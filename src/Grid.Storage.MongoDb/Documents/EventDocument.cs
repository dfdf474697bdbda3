using Grid.Core.Model;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace Grid.Storage.MongoDb.Documents;

[BsonIgnoreExtraElements]
internal sealed class EventDocument
{
    [BsonId] public ObjectId Id { get; set; }
    [BsonElement("session")] public string SessionId { get; set; } = "";
    [BsonElement("seq")] public long Sequence { get; set; }
    [BsonElement("kind")] public int Kind { get; set; }
    [BsonElement("subject")] public string SubjectId { get; set; } = "";
    [BsonElement("status")] public int Status { get; set; }
    [BsonElement("attempt")] public int Attempt { get; set; }
    [BsonElement("parent")] public string? ParentTaskId { get; set; }
    [BsonElement("owner")] public string? OwnerTaskId { get; set; }
    [BsonElement("name")] public string? Name { get; set; }
    [BsonElement("outputs")] public List<string>? ExpectedOutputIds { get; set; }
    [BsonElement("dependencies")] public List<string>? DataDependencies { get; set; }
    [BsonElement("time")] public long Time { get; set; }
    /// <summary>When the appending process wrote it (UTC ticks): tells a stalled append from an abandoned one.</summary>
    [BsonElement("stored")] public long StoredAt { get; set; }

    public static EventDocument From(GridEvent e, long sequence, long storedAt) => new()
    {
        Id = ObjectId.GenerateNewId(),
        SessionId = e.SessionId,
        Sequence = sequence,
        Kind = (int)e.Kind,
        SubjectId = e.SubjectId,
        Status = e.Status,
        Attempt = e.Attempt,
        ParentTaskId = e.ParentTaskId,
        OwnerTaskId = e.OwnerTaskId,
        Name = e.Name,
        ExpectedOutputIds = e.ExpectedOutputIds?.ToList(),
        DataDependencies = e.DataDependencies?.ToList(),
        Time = Ticks.Of(e.Time),
        StoredAt = storedAt,
    };

    public GridEvent ToEvent() => new()
    {
        SessionId = SessionId,
        Sequence = (ulong)Sequence,
        Kind = (GridEventKind)Kind,
        SubjectId = SubjectId,
        Status = Status,
        Attempt = Attempt,
        ParentTaskId = ParentTaskId,
        OwnerTaskId = OwnerTaskId,
        Name = Name,
        ExpectedOutputIds = ExpectedOutputIds,
        DataDependencies = DataDependencies,
        Time = Ticks.Time(Time),
    };
}
