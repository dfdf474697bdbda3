using System.Security.Cryptography;
using Grid.Core;
using Grid.Core.Storage;

namespace Grid.Storage.Conformance;

/// <summary>What every object storage must do.</summary>
public abstract class ObjectStorageConformanceTests
{
    protected abstract Task<IObjectStorage> StorageAsync();

    /// <summary>Size of the large-object test; backends may lower it if their test server is slow.</summary>
    protected virtual long LargeObjectSize => 64L << 20;

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Data_written_in_chunks_reads_back_identical_in_chunks_of_the_asked_size()
    {
        var storage = await StorageAsync();
        var key = Records.NewId("obj");
        var data = RandomNumberGenerator.GetBytes(100_000);
        var size = await storage.WriteAsync(key, Chunks(data, 7_000), None);
        Assert.Equal(data.Length, size);

        var chunks = new List<byte[]>();
        await foreach (var chunk in storage.ReadAsync(key, 16_384, None)) chunks.Add(chunk.ToArray());
        Assert.All(chunks, c => Assert.InRange(c.Length, 1, 16_384));
        Assert.Equal(data, chunks.SelectMany(c => c).ToArray());
    }

    [Fact]
    public async Task An_empty_object_is_stored_and_reads_back_empty()
    {
        var storage = await StorageAsync();
        var key = Records.NewId("obj");
        Assert.Equal(0, await storage.WriteAsync(key, Chunks([], 10), None));
        var total = 0;
        await foreach (var chunk in storage.ReadAsync(key, 1024, None)) total += chunk.Length;
        Assert.Equal(0, total);
    }

    [Fact]
    public async Task A_large_object_streams_through_without_being_held_whole()
    {
        var storage = await StorageAsync();
        var key = Records.NewId("obj");
        var size = LargeObjectSize;
        Assert.Equal(size, await storage.WriteAsync(key, Generated(size, 1 << 20), None));

        long position = 0;
        await foreach (var chunk in storage.ReadAsync(key, 1 << 20, None))
        {
            var span = chunk.Span;
            for (var i = 0; i < span.Length; i += 4099)
                Assert.Equal((byte)((position + i) % 253), span[i]);
            position += span.Length;
        }
        Assert.Equal(size, position);
    }

    [Fact]
    public async Task Reading_a_missing_object_is_not_found()
    {
        var storage = await StorageAsync();
        var error = await Assert.ThrowsAsync<GridException>(async () =>
        {
            await foreach (var _ in storage.ReadAsync(Records.NewId("missing"), 1024, None)) { }
        });
        Assert.Equal(GridErrorCode.NotFound, error.Code);
    }

    [Fact]
    public async Task A_write_that_fails_midway_leaves_no_object_and_the_previous_one_intact()
    {
        var storage = await StorageAsync();
        var key = Records.NewId("obj");
        await storage.WriteAsync(key, Chunks([1, 2, 3], 3), None);
        await Assert.ThrowsAsync<IOException>(() => storage.WriteAsync(key, Failing(), None));
        Assert.Equal([1, 2, 3], await ReadAllAsync(storage, key));

        var fresh = Records.NewId("obj");
        await Assert.ThrowsAsync<IOException>(() => storage.WriteAsync(fresh, Failing(), None));
        await Assert.ThrowsAsync<GridException>(() => ReadAllAsync(storage, fresh));
    }

    [Fact]
    public async Task Writing_again_replaces_and_deleting_removes_many_at_once()
    {
        var storage = await StorageAsync();
        var keys = Enumerable.Range(0, 5).Select(_ => Records.NewId("obj")).ToList();
        foreach (var key in keys) await storage.WriteAsync(key, Chunks([9], 1), None);
        await storage.WriteAsync(keys[0], Chunks([4, 5], 1), None);
        Assert.Equal([4, 5], await ReadAllAsync(storage, keys[0]));

        await storage.DeleteAsync(keys.Take(4).Append(Records.NewId("never-written")).ToList(), None);
        foreach (var key in keys.Take(4)) await Assert.ThrowsAsync<GridException>(() => ReadAllAsync(storage, key));
        Assert.Equal([9], await ReadAllAsync(storage, keys[4]));
    }

    [Fact]
    public async Task Many_objects_are_written_and_read_concurrently()
    {
        var storage = await StorageAsync();
        var items = Enumerable.Range(0, 64).Select(i => (Key: Records.NewId("obj"), Data: RandomNumberGenerator.GetBytes(1000 + i))).ToList();
        await Task.WhenAll(items.Select(i => storage.WriteAsync(i.Key, Chunks(i.Data, 333), None)));
        var read = await Task.WhenAll(items.Select(i => ReadAllAsync(storage, i.Key)));
        Assert.Equal(items.Select(i => i.Data), read);
    }

    protected static async Task<byte[]> ReadAllAsync(IObjectStorage storage, string key)
    {
        using var buffer = new MemoryStream();
        await foreach (var chunk in storage.ReadAsync(key, 64 << 10, None)) buffer.Write(chunk.Span);
        return buffer.ToArray();
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] data, int size)
    {
        for (var offset = 0; offset < data.Length; offset += size)
            yield return data.AsMemory(offset, Math.Min(size, data.Length - offset));
        await Task.CompletedTask;
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Generated(long size, int chunkSize)
    {
        // One reused buffer: the storage must copy or send each chunk before asking for the next.
        var buffer = new byte[chunkSize];
        for (long offset = 0; offset < size; offset += chunkSize)
        {
            var length = (int)Math.Min(chunkSize, size - offset);
            for (var i = 0; i < length; i++) buffer[i] = (byte)((offset + i) % 253);
            yield return buffer.AsMemory(0, length);
        }
        await Task.CompletedTask;
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Failing()
    {
        yield return new byte[1000];
        await Task.Yield();
        throw new IOException("the producer failed");
    }
}
