using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;

namespace Grid.Storage.S3;

/// <summary>
/// One write, streamed: data is gathered in parts; an object that fits in one part goes up with a single
/// PutObject, a larger one as a multipart upload that becomes visible only at CompleteMultipartUpload and is
/// aborted when anything fails, so a failed write never shows.
/// </summary>
internal sealed class S3StreamingUpload(IAmazonS3 client, string bucket, string objectKey, int partSize, int partsInFlight)
{
    /// <summary>A write starts with a buffer this large and grows it up to a part as data comes.</summary>
    private const int InitialBufferSize = 64 << 10;

    private readonly Queue<(Task<PartETag> Sent, byte[] Buffer)> _inFlight = new();
    private readonly List<PartETag> _parts = [];
    private string? _uploadId;

    public async Task<long> RunAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(partSize, InitialBufferSize));
        var filled = 0;
        long size = 0;
        try
        {
            await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var remaining = chunk;
                size += remaining.Length;
                while (!remaining.IsEmpty)
                {
                    // A full part is sent only once more data shows up: every part but the last is exactly partSize.
                    if (filled == partSize)
                    {
                        await SendPartAsync(buffer, filled, cancellationToken).ConfigureAwait(false);
                        buffer = ArrayPool<byte>.Shared.Rent(partSize);
                        filled = 0;
                    }
                    else if (filled == buffer.Length)
                    {
                        buffer = Grow(buffer, filled);
                    }
                    var copied = Math.Min(remaining.Length, Math.Min(buffer.Length, partSize) - filled);
                    remaining.Span[..copied].CopyTo(buffer.AsSpan(filled));
                    filled += copied;
                    remaining = remaining[copied..];
                }
            }

            if (_uploadId is null)
            {
                await PutWholeAsync(buffer, filled, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await SendPartAsync(buffer, filled, cancellationToken).ConfigureAwait(false);
                buffer = null;
                while (_inFlight.Count > 0) await CompleteOldestPartAsync().ConfigureAwait(false);
                await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                {
                    BucketName = bucket,
                    Key = objectKey,
                    UploadId = _uploadId,
                    PartETags = _parts,
                }, cancellationToken).ConfigureAwait(false);
            }
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
            return size;
        }
        catch
        {
            // Buffers of parts still in flight are left to the garbage collector: the SDK may still be reading them.
            try { await Task.WhenAll(_inFlight.Select(p => p.Sent)).ConfigureAwait(false); }
            catch { } // the write already failed; its own error is the one to report
            await AbortQuietlyAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A larger buffer holding the same data: small objects never rent a whole part.</summary>
    private byte[] Grow(byte[] buffer, int filled)
    {
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(partSize, 2L * buffer.Length));
        buffer.AsSpan(0, filled).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private async Task SendPartAsync(byte[] buffer, int length, CancellationToken cancellationToken)
    {
        _uploadId ??= (await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = bucket,
            Key = objectKey,
        }, cancellationToken).ConfigureAwait(false)).UploadId;
        if (_inFlight.Count >= partsInFlight) await CompleteOldestPartAsync().ConfigureAwait(false);
        var partNumber = _parts.Count + _inFlight.Count + 1;
        _inFlight.Enqueue((UploadPartAsync(buffer, length, partNumber, cancellationToken), buffer));
    }

    private async Task<PartETag> UploadPartAsync(byte[] buffer, int length, int partNumber, CancellationToken cancellationToken)
    {
        var response = await client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = objectKey,
            UploadId = _uploadId,
            PartNumber = partNumber,
            PartSize = length,
            InputStream = new MemoryStream(buffer, 0, length, writable: false),
            UseChunkEncoding = false,
        }, cancellationToken).ConfigureAwait(false);
        return new PartETag(partNumber, response.ETag);
    }

    private async Task CompleteOldestPartAsync()
    {
        var (sent, buffer) = _inFlight.Peek();
        _parts.Add(await sent.ConfigureAwait(false));
        _inFlight.Dequeue();
        ArrayPool<byte>.Shared.Return(buffer);
    }

    private Task PutWholeAsync(byte[] buffer, int length, CancellationToken cancellationToken) =>
        client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = objectKey,
            InputStream = new MemoryStream(buffer, 0, length, writable: false),
            UseChunkEncoding = false,
        }, cancellationToken);

    private async Task AbortQuietlyAsync()
    {
        if (_uploadId is null) return;
        try
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
            {
                BucketName = bucket,
                Key = objectKey,
                UploadId = _uploadId,
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception) { } // nothing was completed, so nothing is visible; the parts await the bucket's cleanup rule
    }
}
