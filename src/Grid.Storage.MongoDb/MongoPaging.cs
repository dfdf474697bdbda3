using Grid.Core.Storage;
using MongoDB.Driver;

namespace Grid.Storage.MongoDb;

internal static class MongoPaging
{
    /// <param name="sortField">Element to sort by; the id breaks ties so that pages never overlap.</param>
    public static async Task<Page<TRecord>> ReadAsync<TDocument, TRecord, TSort>(IMongoCollection<TDocument> collection, FilterDefinition<TDocument> filter,
        PageQuery<TSort> page, string sortField, Func<TDocument, TRecord> toRecord, CancellationToken cancellationToken)
        where TSort : struct, Enum
    {
        var sort = Builders<TDocument>.Sort;
        var order = page.Descending
            ? sort.Combine(sort.Descending(sortField), sort.Descending("_id"))
            : sort.Combine(sort.Ascending(sortField), sort.Ascending("_id"));
        var total = await collection.CountDocumentsAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false);
        var size = Math.Max(0, page.PageSize);
        if (size == 0) return new Page<TRecord>([], total);
        var documents = await collection.Find(filter).Sort(order).Skip(Math.Max(0, page.PageNumber) * size).Limit(size)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new Page<TRecord>(documents.Select(toRecord).ToList(), total);
    }
}
