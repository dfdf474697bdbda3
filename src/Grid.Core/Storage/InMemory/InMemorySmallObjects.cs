using System.Collections.Concurrent;

namespace Grid.Core.Storage.InMemory;

/// <summary>Small result data kept in memory beside the tables (the journaled store keeps it in its journal).</summary>
public sealed class InMemorySmallObjects : ISmallObjectStore
{
    private readonly ConcurrentDictionary<string, byte[]> _objects = new(StringComparer.Ordinal);

    public Task WriteAsync(string key, byte[] data, CancellationToken cancellationToken)
    {
        _objects[key] = data;
        return Task.CompletedTask;
    }

    public Task<byte[]?> TryReadAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_objects.GetValueOrDefault(key));

    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        foreach (var key in keys) _objects.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    internal List<KeyValuePair<string, byte[]>> Snapshot() => [.. _objects];
}
