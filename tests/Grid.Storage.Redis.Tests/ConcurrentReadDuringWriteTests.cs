using Grid.Core;
using Grid.Core.Storage;

namespace Grid.Storage.BackendTests;

/// <summary>
/// While a large write is in progress, a reader sees no object or the previous one, then the complete new one.
/// Shared by the Redis and S3 test projects (linked source).
/// </summary>
public abstract class ConcurrentReadDuringWriteTests
{
    private const long Size = 24L << 20;
    private const int ProducerChunk = 256 << 10;

    protected abstract IObjectStorage Storage { get; }

    /// <summary>
    /// False for test servers that rewrite an object's file in place when a write completes (s3rver): a read
    /// overlapping that last step may then fail or come back torn, which is the server's doing, not the
    /// backend's. While the data is still being sent, reads are checked strictly either way.
    /// </summary>
    protected virtual bool ServerReplacesObjectsAtomically => true;

    [Fact]
    public async Task A_reader_never_sees_a_half_written_object()
    {
        var key = $"atomic-{Guid.NewGuid():N}";
        await WriteWhileReadingAsync(Storage, key, version: 1, previous: null);
        await WriteWhileReadingAsync(Storage, key, version: 2, previous: 1);
    }

    /// <summary>
    /// The producer stops halfway until the reader has seen the previous state, so that the test really
    /// reads during the write, then finishes; the reader goes on until the write is published.
    /// </summary>
    private async Task WriteWhileReadingAsync(IObjectStorage storage, string key, int version, int? previous)
    {
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var previousSeenDuringWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var produced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var write = Task.Run(() => storage.WriteAsync(key, Produce(version, halfway, previousSeenDuringWrite.Task, produced), CancellationToken.None));

        var reads = 0;
        while (true)
        {
            var written = write.IsCompleted;
            int? seen;
            try
            {
                seen = await ReadVersionAsync(storage, key);
            }
            catch (Exception) when (!ServerReplacesObjectsAtomically && produced.Task.IsCompleted && !written)
            {
                continue; // the read overlapped the server's non-atomic publish
            }
            reads++;
            if (seen == version)
            {
                Assert.True(previousSeenDuringWrite.Task.IsCompleted, "the new version was visible before the producer finished");
                break;
            }
            Assert.Equal(previous, seen);
            Assert.False(written, $"the write completed but a reader still sees version {seen?.ToString() ?? "none"}");
            if (halfway.Task.IsCompleted) previousSeenDuringWrite.TrySetResult();
        }
        Assert.Equal(Size, await write);
        Assert.True(reads >= 2, "the reader never ran during the write");
    }

    /// <summary>The version of the whole object read back (null when absent); fails on any byte out of place.</summary>
    private static async Task<int?> ReadVersionAsync(IObjectStorage storage, string key)
    {
        int? version = null;
        long position = 0;
        try
        {
            await foreach (var chunk in storage.ReadAsync(key, 1 << 20, CancellationToken.None))
            {
                var span = chunk.Span;
                version ??= VersionOfFirstByte(span[0]);
                for (var i = 0; i < span.Length; i++)
                    if (span[i] != ByteAt(version.Value, position + i))
                        Assert.Fail($"byte {position + i} of version {version} is wrong: a partial or mixed object");
                position += span.Length;
            }
        }
        catch (GridException e) when (e.Code == GridErrorCode.NotFound)
        {
            return null;
        }
        Assert.Equal(Size, position);
        return version;
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Produce(int version, TaskCompletionSource halfway, Task resume, TaskCompletionSource produced)
    {
        var buffer = new byte[ProducerChunk];
        for (long offset = 0; offset < Size; offset += ProducerChunk)
        {
            if (offset == Size / 2)
            {
                halfway.TrySetResult();
                await resume.WaitAsync(TimeSpan.FromSeconds(30));
            }
            for (var i = 0; i < buffer.Length; i++) buffer[i] = ByteAt(version, offset + i);
            yield return buffer;
        }
        produced.TrySetResult();
    }

    private static byte ByteAt(int version, long position) => (byte)((position * 7 + version * 31) % 251);

    private static int VersionOfFirstByte(byte first) => first / 31;
}
