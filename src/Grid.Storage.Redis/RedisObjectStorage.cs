using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using Grid.Core;
using Grid.Core.Storage;
using StackExchange.Redis;

namespace Grid.Storage.Redis;

/// <summary>
/// Objects in Redis, split in chunks of <see cref="RedisObjectStorageOptions.ChunkSize"/>. A write stores its
/// chunks under a fresh write id and then publishes them with one script that switches the object's manifest,
/// so readers see the previous version or the complete new one, never a part (see <see cref="RedisScripts"/>).
/// </summary>
public sealed class RedisObjectStorage : IObjectStorage, IAsyncDisposable, IDisposable
{
    /// <summary>Chunks sent but not yet acknowledged, per write: enough to keep the connection busy, bounded memory.</summary>
    private const int ChunksInFlight = 8;

    /// <summary>How long the chunks of an unpublished write survive the last chunk sent, should the writer die.</summary>
    internal static readonly TimeSpan UnpublishedChunkLifetime = TimeSpan.FromMinutes(10);

    /// <summary>How long the chunks of a replaced version survive, for readers that were streaming it.</summary>
    internal static readonly TimeSpan ReplacedChunkLifetime = TimeSpan.FromSeconds(30);

    /// <summary>A write starts with a buffer this large and grows it up to a chunk as data comes.</summary>
    private const int InitialBufferSize = 64 << 10;

    private readonly IConnectionMultiplexer _connection;
    private readonly IDatabase _database;
    private readonly string _keyPrefix;
    private readonly int _chunkSize;
    private readonly bool _ownsConnection;

    public RedisObjectStorage(IConnectionMultiplexer connection, RedisObjectStorageOptions options, bool ownsConnection = false)
    {
        if (options.ChunkSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.ChunkSize, "ChunkSize must be positive");
        _connection = connection;
        _database = connection.GetDatabase();
        _keyPrefix = options.KeyPrefix ?? "";
        _chunkSize = options.ChunkSize;
        _ownsConnection = ownsConnection;
    }

    public async Task<long> WriteAsync(string key, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken)
    {
        var keys = new RedisObjectKeys(_keyPrefix, key);
        var writeId = RedisManifest.NewWriteId();
        var dataKey = keys.Data(writeId);
        var inFlight = new Queue<(Task Sent, byte[] Buffer)>();
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(_chunkSize, InitialBufferSize));
        var filled = 0;
        var chunkCount = 0;
        long size = 0;
        try
        {
            await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var remaining = chunk;
                size += remaining.Length;
                while (!remaining.IsEmpty)
                {
                    // A full buffer is sent only once more data shows up, so the last chunk always goes with the publish.
                    if (filled == _chunkSize)
                    {
                        if (inFlight.Count == ChunksInFlight)
                        {
                            var (sent, sentBuffer) = inFlight.Dequeue();
                            await sent.ConfigureAwait(false);
                            ArrayPool<byte>.Shared.Return(sentBuffer);
                        }
                        inFlight.Enqueue((SendChunk(dataKey, chunkCount++, buffer.AsMemory(0, filled)), buffer));
                        buffer = ArrayPool<byte>.Shared.Rent(_chunkSize);
                        filled = 0;
                    }
                    else if (filled == buffer.Length)
                    {
                        buffer = Grow(buffer, filled);
                    }
                    var copied = Math.Min(remaining.Length, Math.Min(buffer.Length, _chunkSize) - filled);
                    remaining.Span[..copied].CopyTo(buffer.AsSpan(filled));
                    filled += copied;
                    remaining = remaining[copied..];
                }
            }
            while (inFlight.TryDequeue(out var pending))
            {
                await pending.Sent.ConfigureAwait(false);
                ArrayPool<byte>.Shared.Return(pending.Buffer);
            }
            var lastIndex = filled > 0 ? chunkCount++ : -1;
            var manifest = new RedisManifest(writeId, chunkCount, size);
            await Publish(keys, dataKey, manifest, lastIndex, buffer.AsMemory(0, filled)).ConfigureAwait(false);
            ArrayPool<byte>.Shared.Return(buffer);
            return size;
        }
        catch
        {
            // Buffers still in flight are left to the garbage collector: Redis may still be sending them.
            await ForgetQuietly(inFlight.Select(p => p.Sent)).ConfigureAwait(false);
            try { await _database.KeyDeleteAsync(dataKey).ConfigureAwait(false); }
            catch (RedisException) { } // left to expire (UnpublishedChunkLifetime)
            throw;
        }
    }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(string key, int chunkSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        var keys = new RedisObjectKeys(_keyPrefix, key);
        var opened = await _database.ScriptEvaluateAsync(RedisScripts.Open, [keys.Manifest], [keys.DataPrefix]).ConfigureAwait(false);
        if (opened.IsNull) throw GridException.NotFound($"no data stored for '{key}'");
        var parts = (RedisResult[])opened!;
        var manifest = RedisManifest.Parse((string)parts[0]!);
        if (manifest.ChunkCount == 0) yield break;

        var dataKey = keys.Data(manifest.WriteId);
        var first = (byte[]?)parts[1] ?? throw MissingChunk(key, 0);
        Task<Lease<byte>?>? next = manifest.ChunkCount > 1 ? FetchChunk(dataKey, 1) : null;
        long delivered = 0;
        try
        {
            foreach (var slice in Slices(first, chunkSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                delivered += slice.Length;
                yield return slice;
            }
            for (var index = 1; index < manifest.ChunkCount; index++)
            {
                using var lease = await next!.ConfigureAwait(false) ?? throw ReplacedWhileReading(key);
                // Ask for the following chunk before handing this one out, so Redis works while the reader does.
                next = index + 1 < manifest.ChunkCount ? FetchChunk(dataKey, index + 1) : null;
                foreach (var slice in Slices(lease.Memory, chunkSize))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    delivered += slice.Length;
                    yield return slice;
                }
            }
        }
        finally
        {
            if (next is not null) _ = next.ContinueWith(t => t.Result?.Dispose(), TaskContinuationOptions.OnlyOnRanToCompletion);
        }
        if (delivered != manifest.Size)
            throw new GridException(GridErrorCode.DataLoss, $"object '{key}' read back {delivered} bytes, its manifest says {manifest.Size}");
    }

    public async Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        // All sent at once: the connection pipelines them, one round trip for the batch instead of one per key.
        var deletions = keys.Select(key =>
        {
            var objectKeys = new RedisObjectKeys(_keyPrefix, key);
            return _database.ScriptEvaluateAsync(RedisScripts.Delete, [objectKeys.Manifest], [objectKeys.DataPrefix]);
        }).ToList();
        await Task.WhenAll(deletions).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection) await _connection.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_ownsConnection) _connection.Dispose();
    }

    /// <summary>A larger buffer holding the same data: small objects never rent a whole chunk.</summary>
    private byte[] Grow(byte[] buffer, int filled)
    {
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(_chunkSize, 2L * buffer.Length));
        buffer.AsSpan(0, filled).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private Task SendChunk(RedisKey dataKey, int index, ReadOnlyMemory<byte> data)
    {
        var stored = _database.HashSetAsync(dataKey, index, data);
        _database.KeyExpire(dataKey, UnpublishedChunkLifetime, CommandFlags.FireAndForget);
        return stored;
    }

    private async Task Publish(RedisObjectKeys keys, RedisKey dataKey, RedisManifest manifest, int lastIndex, ReadOnlyMemory<byte> lastChunk)
    {
        try
        {
            await _database.ScriptEvaluateAsync(RedisScripts.Publish, [keys.Manifest, dataKey],
            [
                manifest.ToString(),
                keys.DataPrefix,
                lastIndex < 0 ? "" : lastIndex.ToString(CultureInfo.InvariantCulture),
                lastChunk,
                manifest.ChunkCount,
                (long)ReplacedChunkLifetime.TotalMilliseconds,
            ]).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.Contains("GRIDINCOMPLETE", StringComparison.Ordinal))
        {
            throw new IOException($"writing object at {keys.Manifest}: {e.Message}", e);
        }
    }

    private Task<Lease<byte>?> FetchChunk(RedisKey dataKey, int index) => _database.HashGetLeaseAsync(dataKey, index);

    private static IEnumerable<ReadOnlyMemory<byte>> Slices(ReadOnlyMemory<byte> chunk, int size)
    {
        for (var offset = 0; offset < chunk.Length; offset += size)
            yield return chunk.Slice(offset, Math.Min(size, chunk.Length - offset));
    }

    private static async Task ForgetQuietly(IEnumerable<Task> tasks)
    {
        try { await Task.WhenAll(tasks).ConfigureAwait(false); }
        catch { } // the write already failed; its own error is the one to report
    }

    private static GridException MissingChunk(string key, int index) =>
        new(GridErrorCode.DataLoss, $"object '{key}' is published but its chunk {index} is missing");

    private static GridException ReplacedWhileReading(string key) =>
        GridException.FailedPrecondition(
            $"object '{key}' was deleted, or replaced more than {ReplacedChunkLifetime.TotalSeconds:0} s ago, while being read");
}
