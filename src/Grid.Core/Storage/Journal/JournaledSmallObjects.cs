namespace Grid.Core.Storage.Journal;

/// <summary>Small result data of a <see cref="JournalStore"/>: kept in memory and in the journal, with the rows.</summary>
internal sealed class JournaledSmallObjects(JournalStore store) : ISmallObjectStore, IAsyncDisposable
{
    public Task WriteAsync(string key, byte[] data, CancellationToken cancellationToken) =>
        store.ChangeAsync(new JournalEntry { Command = JournalCommand.WriteObject, Id = key, Data = data }, () => store.RawObjects.WriteAsync(key, data, CancellationToken.None));

    public Task<byte[]?> TryReadAsync(string key, CancellationToken cancellationToken) =>
        store.ReadAsync(store.RawObjects.TryReadAsync(key, cancellationToken));

    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        keys.Count == 0
            ? Task.CompletedTask
            : store.ChangeAsync(new JournalEntry { Command = JournalCommand.DeleteObjects, Ids = [.. keys] }, () => store.RawObjects.DeleteAsync(keys, CancellationToken.None));

    public ValueTask DisposeAsync() => store.DisposeAsync();
}
