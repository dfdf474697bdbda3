using System.Buffers;
using System.Runtime.CompilerServices;

namespace Grid.Core.Storage.FileSystem;

/// <summary>
/// Objects as files under one folder. A write goes to a temporary file renamed into place once
/// complete, so a reader never sees a partial object. With <see cref="StorageDurability.PowerLoss"/> the
/// file is flushed before the rename and its folder after it, both before the write returns; the folder flushes
/// of concurrent writers are shared.
/// </summary>
public sealed class FileSystemObjectStorage : IObjectStorage
{
    private readonly string _root;
    private readonly StorageDurability _durability;
    private readonly FolderFlush _flush = new() { Flushed = folder => FolderFlushed?.Invoke(folder) };

    public FileSystemObjectStorage(string root, StorageDurability durability = StorageDurability.ProcessCrash)
    {
        _root = Path.GetFullPath(root);
        _durability = durability;
        Directory.CreateDirectory(_root);
    }

    /// <summary>Test seam: called with each file just after it was flushed (<see cref="StorageDurability.PowerLoss"/>).</summary>
    public static Action<string>? FileFlushed { get; set; }

    /// <summary>Test seam: called with each folder just after it was flushed (<see cref="StorageDurability.PowerLoss"/>).</summary>
    public static Action<string>? FolderFlushed { get; set; }

    public async Task<long> WriteAsync(string key, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var folder = Path.GetDirectoryName(path)!;
        var newFolder = !Directory.Exists(folder);
        if (newFolder) Directory.CreateDirectory(folder);
        var temporary = $"{path}.{Guid.NewGuid():N}.partial";
        long size = 0;
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    await file.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                    size += chunk.Length;
                }
                if (_durability == StorageDurability.PowerLoss)
                {
                    file.Flush(flushToDisk: true);
                    FileFlushed?.Invoke(path);
                }
            }
            File.Move(temporary, path, overwrite: true);
            if (_durability == StorageDurability.PowerLoss)
            {
                await _flush.FlushAsync(folder, CancellationToken.None).ConfigureAwait(false);
                if (newFolder) await _flush.FlushAsync(_root, CancellationToken.None).ConfigureAwait(false);
            }
            return size;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(string key, int chunkSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        FileStream file;
        try
        {
            file = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw GridException.NotFound($"no data stored for '{key}'");
        }
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            await using (file)
            {
                int read;
                while ((read = await file.ReadAtLeastAsync(buffer.AsMemory(0, chunkSize), chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)) > 0)
                    yield return buffer.AsMemory(0, read); // valid until the next chunk is asked for
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            try { File.Delete(PathOf(key)); }
            catch (DirectoryNotFoundException) { } // never written: nothing to delete
        }
        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        if (key.Length == 0 || key.Contains('/') || key.Contains('\\') || key.Contains(".."))
            throw new ArgumentException($"object key '{key}' is not a plain name", nameof(key));
        var shard = key.Length >= 2 ? key[..2] : key;
        return Path.Combine(_root, shard, key);
    }
}
