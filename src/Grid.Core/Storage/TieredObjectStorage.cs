using System.Runtime.CompilerServices;

namespace Grid.Core.Storage;

/// <summary>
/// Small objects in one store (the tables' database), larger ones in another (files, Redis, S3), chosen by size as
/// the data arrives; clients see one store. A read asks the small store first: a key written small after it was
/// written large is read small, and writing it large removes the small copy. Deleting removes both.
/// </summary>
public sealed class TieredObjectStorage(ISmallObjectStore small, IObjectStorage large, int smallObjectSize) : IObjectStorage
{
    /// <summary>Objects up to this many bytes go to the small store.</summary>
    public int SmallObjectSize { get; } = smallObjectSize;

    public async Task<long> WriteAsync(string key, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken)
    {
        var enumerator = chunks.GetAsyncEnumerator(cancellationToken);
        try
        {
            // Gather up to the threshold; one chunk more means the object is large.
            var head = new MemoryStream();
            while (await enumerator.MoveNextAsync().ConfigureAwait(false))
            {
                var chunk = enumerator.Current;
                if (head.Length + chunk.Length > SmallObjectSize)
                {
                    var size = await large.WriteAsync(key, Concat(head, chunk, enumerator), cancellationToken).ConfigureAwait(false);
                    await small.DeleteAsync([key], CancellationToken.None).ConfigureAwait(false);
                    return size;
                }
                head.Write(chunk.Span);
            }
            await small.WriteAsync(key, head.ToArray(), cancellationToken).ConfigureAwait(false);
            return head.Length;
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(string key, int chunkSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var data = await small.TryReadAsync(key, cancellationToken).ConfigureAwait(false);
        if (data is not null)
        {
            for (var offset = 0; offset < data.Length; offset += chunkSize)
                yield return data.AsMemory(offset, Math.Min(chunkSize, data.Length - offset));
            yield break;
        }
        await foreach (var chunk in large.ReadAsync(key, chunkSize, cancellationToken).ConfigureAwait(false))
            yield return chunk;
    }

    public async Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0) return;
        await Task.WhenAll(small.DeleteAsync(keys, cancellationToken), large.DeleteAsync(keys, cancellationToken)).ConfigureAwait(false);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Concat(MemoryStream head, ReadOnlyMemory<byte> next, IAsyncEnumerator<ReadOnlyMemory<byte>> rest)
    {
        if (head.Length > 0) yield return head.GetBuffer().AsMemory(0, (int)head.Length);
        yield return next;
        while (await rest.MoveNextAsync().ConfigureAwait(false))
            yield return rest.Current;
    }
}
