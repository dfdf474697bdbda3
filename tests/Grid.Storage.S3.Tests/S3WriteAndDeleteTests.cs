using Grid.Core;

namespace Grid.Storage.S3.Tests;

/// <summary>The multipart path and batched deletes, beyond what the conformance suite covers.</summary>
public sealed class S3WriteAndDeleteTests(S3StorageFixture fixture) : IClassFixture<S3StorageFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_multipart_write_that_fails_is_aborted_and_the_previous_object_stays()
    {
        var (client, recorder) = RecordingS3Client.Wrap(fixture.Inspector);
        var storage = new S3ObjectStorage(client, TestS3Server.Options(fixture.KeyPrefix));
        var key = $"multipart-{Guid.NewGuid():N}";
        await storage.WriteAsync(key, Pieces(new byte[] { 1, 2, 3 }, 3), None);

        // Past two parts, so the failure hits an upload already under way.
        await Assert.ThrowsAsync<IOException>(() => storage.WriteAsync(key, FailingAfter(2 * S3ObjectStorage.PartSize + 100), None));

        var read = new List<byte>();
        await foreach (var chunk in storage.ReadAsync(key, 1024, None)) read.AddRange(chunk.ToArray());
        Assert.Equal([1, 2, 3], read);
        Assert.Contains("InitiateMultipartUploadAsync", recorder.Calls);
        Assert.Contains("AbortMultipartUploadAsync", recorder.Calls);
        Assert.DoesNotContain("CompleteMultipartUploadAsync", recorder.Calls);
    }

    [Fact]
    public async Task An_object_of_exactly_one_part_and_one_just_over_read_back_identical()
    {
        foreach (var size in new[] { S3ObjectStorage.PartSize, S3ObjectStorage.PartSize + 1 })
        {
            var key = $"edge-{Guid.NewGuid():N}";
            var data = Enumerable.Range(0, size).Select(i => (byte)(i % 239)).ToArray();
            Assert.Equal(size, await fixture.Storage.WriteAsync(key, Pieces(data, 100_000), None));
            using var read = new MemoryStream();
            await foreach (var chunk in fixture.Storage.ReadAsync(key, 1 << 20, None)) read.Write(chunk.Span);
            Assert.True(data.AsSpan().SequenceEqual(read.ToArray()), $"size {size} read back different");
        }
    }

    [Fact]
    public async Task Deleting_more_than_one_batch_removes_them_all()
    {
        var prefix = $"batch-{Guid.NewGuid():N}-";
        var keys = Enumerable.Range(0, 1005).Select(i => $"{prefix}{i}").ToList();
        using var throttle = new SemaphoreSlim(16);
        await Task.WhenAll(keys.Select(async key =>
        {
            await throttle.WaitAsync();
            try { await fixture.Storage.WriteAsync(key, Pieces([7], 1), None); }
            finally { throttle.Release(); }
        }));
        Assert.Equal(keys.Count, (await fixture.KeysAsync(prefix)).Count);

        await fixture.Storage.DeleteAsync(keys, None);
        Assert.Empty(await fixture.KeysAsync(prefix));
        var error = await Assert.ThrowsAsync<GridException>(async () =>
        {
            await foreach (var _ in fixture.Storage.ReadAsync(keys[1004], 1024, None)) { }
        });
        Assert.Equal(GridErrorCode.NotFound, error.Code);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Pieces(byte[] data, int size)
    {
        for (var offset = 0; offset < data.Length; offset += size)
            yield return data.AsMemory(offset, Math.Min(size, data.Length - offset));
        await Task.CompletedTask;
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> FailingAfter(int size)
    {
        await foreach (var piece in Pieces(new byte[size], 1 << 20)) yield return piece;
        throw new IOException("the producer failed");
    }
}
