namespace Grid.Client;

/// <summary>Splits a sequence into request-sized batches, bounded by item count and by encoded bytes.</summary>
internal static class Batches
{
    /// <summary>Most items the grid accepts in one batch (tasks or results).</summary>
    public const int MaxItems = 10_000;

    /// <summary>Budget for the items of one request: under the 4 MiB a gRPC server accepts by default, with room for the envelope.</summary>
    public const int MaxBytes = (4 << 20) - (64 << 10);

    /// <summary>
    /// Lazily yields consecutive batches of at most <paramref name="maxItems"/> items whose sizes add up to at
    /// most <paramref name="maxBytes"/>. An item larger than the byte budget alone goes in a batch of its own
    /// (the server then says what is wrong with it).
    /// </summary>
    public static IEnumerable<List<T>> Split<T>(IEnumerable<T> items, Func<T, int> sizeOf, int maxItems = MaxItems, int maxBytes = MaxBytes)
    {
        var batch = new List<T>();
        long bytes = 0;
        foreach (var item in items)
        {
            var size = sizeOf(item);
            if (batch.Count > 0 && (batch.Count >= maxItems || bytes + size > maxBytes))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }
            batch.Add(item);
            bytes += size;
        }
        if (batch.Count > 0)
            yield return batch;
    }

    /// <summary>Splits by count only.</summary>
    public static IEnumerable<List<T>> Split<T>(IEnumerable<T> items, int maxItems) =>
        Split(items, _ => 0, maxItems, int.MaxValue);

    /// <summary>Bytes a length-delimited protobuf field of <paramref name="length"/> bytes takes, tag included.</summary>
    public static int FieldSize(int length) => 1 + Google.Protobuf.CodedOutputStream.ComputeLengthSize(length) + length;
}
