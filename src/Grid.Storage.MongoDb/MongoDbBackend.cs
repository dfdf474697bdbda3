using Grid.Core.Storage;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Grid.Storage.MongoDb;

/// <summary>Opens the tables on MongoDB: checks that the server answers, then creates the indexes.</summary>
public static class MongoDbBackend
{
    public static async Task<GridTables> OpenAsync(MongoDbOptions options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new ArgumentException("the MongoDB connection string is not set", nameof(options));
        var url = new MongoUrl(options.ConnectionString);
        var settings = MongoClientSettings.FromUrl(url);
        if (!options.ConnectionString.Contains("serverSelectionTimeoutMS", StringComparison.OrdinalIgnoreCase))
            settings.ServerSelectionTimeout = options.ServerSelectionTimeout;
        var hosts = string.Join(",", settings.Servers.Select(s => $"{s.Host}:{s.Port}"));

        var client = new MongoClient(settings);
        var database = client.GetDatabase(options.Database);
        try
        {
            await database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or MongoException)
        {
            client.Dispose();
            throw new InvalidOperationException($"MongoDB at {hosts} did not answer a ping within {settings.ServerSelectionTimeout.TotalSeconds:0.#} s: {e.Message}", e);
        }

        var collections = new MongoGridCollections(database);
        await MongoIndexes.CreateAsync(collections, cancellationToken).ConfigureAwait(false);
        return GridTables.RecordingEventsAfterChanges(
            new MongoSessionTable(collections), new MongoTaskTable(collections), new MongoResultTable(collections), new MongoEventLog(collections)).WithCoalescedWrites();
    }
}
