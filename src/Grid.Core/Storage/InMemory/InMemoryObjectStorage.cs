using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Grid.Core.Storage.InMemory;

public sealed class InMemoryObjectStorage : IObjectStorage
{
    private readonly ConcurrentDictionary<string, byte[][]> _objects = new();

    public async Task<long> WriteAsync(string key, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken)
    {
        var parts = new List<byte[]>();
        long size = 0;
        await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            parts.Add(chunk.ToArray());
            size += chunk.Length;
        }
        _objects[key] = parts.ToArray();
        return size;
    }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(string key, int chunkSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!_objects.TryGetValue(key, out var parts))
            throw GridException.NotFound($"no data stored for '{key}'");
        foreach (var part in parts)
        {
            for (var offset = 0; offset < part.Length; offset += chunkSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return part.AsMemory(offset, Math.Min(chunkSize, part.Length - offset));
            }
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        foreach (var key in keys) _objects.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}
