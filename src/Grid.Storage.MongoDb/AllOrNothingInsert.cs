using Grid.Core;
using MongoDB.Driver;

namespace Grid.Storage.MongoDb;

/// <summary>
/// Inserts a batch so that a duplicate id leaves nothing behind, as the in-memory tables do: MongoDB has
/// no multi-document atomicity outside transactions, so the part inserted before the duplicate is removed.
/// </summary>
internal static class AllOrNothingInsert
{
    public static async Task InsertAsync<T>(IMongoCollection<T> collection, IReadOnlyList<T> documents, Func<T, string> idOf,
        string kind, CancellationToken cancellationToken)
    {
        if (documents.Count == 0) return;
        var ids = documents.Select(idOf).ToList();
        var existing = await collection.Find(Builders<T>.Filter.In("_id", ids)).Project(Builders<T>.Projection.Include("_id"))
            .Limit(1).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (existing is not null)
            throw new GridException(GridErrorCode.AlreadyExists, $"{kind} '{existing["_id"].AsString}' already exists");
        try
        {
            await collection.InsertManyAsync(documents, new InsertManyOptions { IsOrdered = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (MongoBulkWriteException<T> e) when (MongoErrors.FirstDuplicateIndex(e) is { } index)
        {
            // Ordered: every document before the duplicate was inserted, none after it.
            if (index > 0)
                await collection.DeleteManyAsync(Builders<T>.Filter.In("_id", ids.Take(index)), CancellationToken.None).ConfigureAwait(false);
            throw new GridException(GridErrorCode.AlreadyExists, $"{kind} '{ids[index]}' already exists");
        }
    }
}
