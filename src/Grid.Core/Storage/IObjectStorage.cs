namespace Grid.Core.Storage;

/// <summary>Result data, written and read as a stream of chunks, never whole in memory.</summary>
public interface IObjectStorage
{
    /// <summary>Stores <paramref name="chunks"/> under <paramref name="key"/>; visible only once complete. Returns the size.</summary>
    Task<long> WriteAsync(string key, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken);

    /// <summary>The data in chunks of at most <paramref name="chunkSize"/> bytes; throws <see cref="GridException"/> (NotFound) if absent.</summary>
    IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(string key, int chunkSize, CancellationToken cancellationToken);

    Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);
}
