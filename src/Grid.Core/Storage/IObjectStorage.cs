namespace Grid.Core.Storage;

/// <summary>Result data, written and read as a stream of chunks, never whole in memory.</summary>
public interface IObjectStorage
{
    /// <summary>
    /// Stores <paramref name="chunks"/> under <paramref name="key"/>, replacing what was there; visible only once
    /// complete (a failed write leaves the previous object). A chunk is valid only until the next is asked for:
    /// copy or send it before moving on. Returns the size.
    /// </summary>
    Task<long> WriteAsync(string key, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken);

    /// <summary>The data in chunks of at most <paramref name="chunkSize"/> bytes; throws <see cref="GridException"/> (NotFound) if absent.</summary>
    IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(string key, int chunkSize, CancellationToken cancellationToken);

    Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);
}
