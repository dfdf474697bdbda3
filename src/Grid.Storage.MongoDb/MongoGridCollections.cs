using Grid.Storage.MongoDb.Documents;
using MongoDB.Driver;

namespace Grid.Storage.MongoDb;

/// <summary>The grid's collections in one database.</summary>
internal sealed class MongoGridCollections(IMongoDatabase database)
{
    public IMongoCollection<SessionDocument> Sessions { get; } = database.GetCollection<SessionDocument>("sessions");
    public IMongoCollection<TaskDocument> Tasks { get; } = database.GetCollection<TaskDocument>("tasks");
    public IMongoCollection<ResultDocument> Results { get; } = database.GetCollection<ResultDocument>("results");
    public IMongoCollection<EventDocument> Events { get; } = database.GetCollection<EventDocument>("events");
    public IMongoCollection<CounterDocument> Counters { get; } = database.GetCollection<CounterDocument>("counters");
}
