using MongoDB.Driver;

namespace Grid.Storage.MongoDb;

internal static class MongoErrors
{
    public static bool IsDuplicateKey(MongoWriteException e) => e.WriteError?.Category == ServerErrorCategory.DuplicateKey;

    /// <summary>Index in the batch of the first document refused as a duplicate, if any.</summary>
    public static int? FirstDuplicateIndex<T>(MongoBulkWriteException<T> e) =>
        e.WriteErrors.Where(w => w.Category == ServerErrorCategory.DuplicateKey).Select(w => (int?)w.Index).Min();
}
