using Grid.Core.Storage;
using StackExchange.Redis;

namespace Grid.Storage.Redis.Tests;

/// <summary>What the storage leaves in Redis: chunks of replaced, failed or deleted writes do not stay forever.</summary>
public sealed class RedisKeyLifecycleTests(RedisStorageFixture fixture) : IClassFixture<RedisStorageFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Replaced_chunks_expire_and_delete_removes_the_manifest_and_current_chunks()
    {
        var key = $"life-{Guid.NewGuid():N}";
        await fixture.Storage.WriteAsync(key, Bytes(3_000_000), None);
        var first = await ChunkKeysAsync(key);
        Assert.Single(first);
        Assert.Null(await fixture.Inspector.GetDatabase().KeyTimeToLiveAsync(first[0]));

        await fixture.Storage.WriteAsync(key, Bytes(10), None);
        var replacedTtl = await fixture.Inspector.GetDatabase().KeyTimeToLiveAsync(first[0]);
        Assert.NotNull(replacedTtl);
        Assert.InRange(replacedTtl.Value, TimeSpan.FromSeconds(1), RedisObjectStorage.ReplacedChunkLifetime);

        await fixture.Storage.DeleteAsync([key], None);
        Assert.Empty(await fixture.KeysAsync($"{{{key}}}:m"));
        Assert.Equal([first[0]], await ChunkKeysAsync(key)); // only the replaced version, on its way out
    }

    [Fact]
    public async Task A_failed_write_leaves_no_chunks()
    {
        var key = $"life-{Guid.NewGuid():N}";
        await Assert.ThrowsAsync<IOException>(() => fixture.Storage.WriteAsync(key, FailingAfter(5_000_000), None));
        Assert.Empty(await ChunkKeysAsync(key));
        Assert.Empty(await fixture.KeysAsync($"{{{key}}}:m"));
    }

    [Fact]
    public async Task Objects_split_at_odd_chunk_sizes_read_back_identical()
    {
        var options = new RedisObjectStorageOptions { Configuration = TestRedisServer.Configuration, KeyPrefix = fixture.KeyPrefix, ChunkSize = 1000 };
        var storage = await RedisBackend.OpenAsync(options, None);
        try
        {
            foreach (var size in new[] { 1, 999, 1000, 1001, 10_500 })
            {
                var key = $"odd-{Guid.NewGuid():N}";
                var data = Enumerable.Range(0, size).Select(i => (byte)(i % 241)).ToArray();
                Assert.Equal(size, await storage.WriteAsync(key, Pieces(data, 333), None));
                Assert.Equal((size + 999) / 1000, (await fixture.Inspector.GetDatabase().HashLengthAsync((await ChunkKeysAsync(key)).Single())));
                var read = new List<byte>();
                await foreach (var chunk in storage.ReadAsync(key, 700, None))
                {
                    Assert.InRange(chunk.Length, 1, 700);
                    read.AddRange(chunk.ToArray());
                }
                Assert.Equal(data, read.ToArray());
            }
        }
        finally
        {
            await ((IAsyncDisposable)storage).DisposeAsync();
        }
    }

    private Task<List<RedisKey>> ChunkKeysAsync(string key) => fixture.KeysAsync($"{{{key}}}:d:*");

    private static IAsyncEnumerable<ReadOnlyMemory<byte>> Bytes(int size) => Pieces(new byte[size], 64 << 10);

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Pieces(byte[] data, int size)
    {
        for (var offset = 0; offset < data.Length; offset += size)
            yield return data.AsMemory(offset, Math.Min(size, data.Length - offset));
        await Task.CompletedTask;
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> FailingAfter(int size)
    {
        await foreach (var piece in Bytes(size)) yield return piece;
        throw new IOException("the producer failed");
    }
}
