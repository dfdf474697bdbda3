namespace Grid.Core.Storage;

/// <summary>
/// Object data small enough to be held whole, kept by a table store beside its rows (no file or object per small
/// result): the small side of <see cref="TieredObjectStorage"/>.
/// </summary>
public interface ISmallObjectStore
{
    /// <summary>Stores <paramref name="data"/> under <paramref name="key"/>, replacing what was there.</summary>
    Task WriteAsync(string key, byte[] data, CancellationToken cancellationToken);

    /// <summary>The data under <paramref name="key"/>, or null when this store has none.</summary>
    Task<byte[]?> TryReadAsync(string key, CancellationToken cancellationToken);

    Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);
}
