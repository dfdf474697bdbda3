using Grid.Core.Model;
using MongoDB.Bson.Serialization.Attributes;

namespace Grid.Storage.MongoDb.Documents;

[BsonIgnoreExtraElements]
internal sealed class ResultDocument
{
    [BsonId] public string Id { get; set; } = "";
    [BsonElement("session")] public string SessionId { get; set; } = "";
    [BsonElement("name")] public string Name { get; set; } = "";
    [BsonElement("status")] public int Status { get; set; }
    [BsonElement("owner")] public string? OwnerTaskId { get; set; }
    [BsonElement("created_by")] public string? CreatedByTaskId { get; set; }
    [BsonElement("size")] public long Size { get; set; }
    [BsonElement("created")] public long CreatedAt { get; set; }
    [BsonElement("completed")] public long? CompletedAt { get; set; }

    public static ResultDocument From(ResultRecord result) => new()
    {
        Id = result.ResultId,
        SessionId = result.SessionId,
        Name = result.Name,
        Status = (int)result.Status,
        OwnerTaskId = result.OwnerTaskId,
        CreatedByTaskId = result.CreatedByTaskId,
        Size = result.Size,
        CreatedAt = Ticks.Of(result.CreatedAt),
        CompletedAt = Ticks.Of(result.CompletedAt),
    };

    public ResultRecord ToRecord() => new()
    {
        ResultId = Id,
        SessionId = SessionId,
        Name = Name,
        Status = (ResultState)Status,
        OwnerTaskId = OwnerTaskId,
        CreatedByTaskId = CreatedByTaskId,
        Size = Size,
        CreatedAt = Ticks.Time(CreatedAt),
        CompletedAt = Ticks.Time(CompletedAt),
    };
}
