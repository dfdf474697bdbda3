using Grid.Core.Model;
using MongoDB.Bson.Serialization.Attributes;

namespace Grid.Storage.MongoDb.Documents;

[BsonIgnoreExtraElements]
internal sealed class SessionDocument
{
    [BsonId] public string Id { get; set; } = "";
    [BsonElement("status")] public int Status { get; set; }
    [BsonElement("default_options")] public TaskOptionsDocument DefaultOptions { get; set; } = new();
    [BsonElement("partitions")] public List<string> PartitionIds { get; set; } = [];
    [BsonElement("created")] public long CreatedAt { get; set; }
    [BsonElement("cancelled")] public long? CancelledAt { get; set; }
    [BsonElement("closed")] public long? ClosedAt { get; set; }

    public static SessionDocument From(SessionRecord session) => new()
    {
        Id = session.SessionId,
        Status = (int)session.Status,
        DefaultOptions = TaskOptionsDocument.From(session.DefaultOptions),
        PartitionIds = [.. session.PartitionIds],
        CreatedAt = Ticks.Of(session.CreatedAt),
        CancelledAt = Ticks.Of(session.CancelledAt),
        ClosedAt = Ticks.Of(session.ClosedAt),
    };

    public SessionRecord ToRecord() => new()
    {
        SessionId = Id,
        Status = (SessionState)Status,
        DefaultOptions = DefaultOptions.ToOptions(),
        PartitionIds = PartitionIds,
        CreatedAt = Ticks.Time(CreatedAt),
        CancelledAt = Ticks.Time(CancelledAt),
        ClosedAt = Ticks.Time(ClosedAt),
    };
}
