using MongoDB.Bson.Serialization.Attributes;

namespace Grid.Storage.MongoDb.Documents;

/// <summary>The last number handed out by a counter (one per session's event log: <c>events:&lt;session id&gt;</c>).</summary>
[BsonIgnoreExtraElements]
internal sealed class CounterDocument
{
    [BsonId] public string Id { get; set; } = "";
    [BsonElement("value")] public long Value { get; set; }
}
