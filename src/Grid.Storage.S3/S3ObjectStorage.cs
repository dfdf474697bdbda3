using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using Grid.Core;
using Grid.Core.Storage;

namespace Grid.Storage.S3;

/// <summary>Objects in an S3 bucket, one S3 object per key; S3 itself makes a write visible only once complete.</summary>
public sealed class S3ObjectStorage : IObjectStorage, IDisposable
{
    /// <summary>Multipart part size: S3 wants at least 5 MiB for every part but the last.</summary>
    internal const int PartSize = 8 << 20;

    /// <summary>Parts uploading at once per write: throughput against memory (PartSize each, plus one filling).</summary>
    private const int PartsInFlight = 2;

    /// <summary>DeleteObjects takes at most this many keys per request.</summary>
    private const int DeleteBatchSize = 1000;

    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string _keyPrefix;
    private readonly bool _ownsClient;

    public S3ObjectStorage(IAmazonS3 client, S3ObjectStorageOptions options, bool ownsClient = false)
    {
        _client = client;
        _bucket = options.Bucket;
        _keyPrefix = options.KeyPrefix ?? "";
        _ownsClient = ownsClient;
    }

    public Task<long> WriteAsync(string key, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken) =>
        new S3StreamingUpload(_client, _bucket, ObjectKey(key), PartSize, PartsInFlight).RunAsync(chunks, cancellationToken);

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(string key, int chunkSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        using var response = await GetAsync(key, cancellationToken).ConfigureAwait(false);
        await using var body = response.ResponseStream;
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            int read;
            while ((read = await body.ReadAtLeastAsync(buffer.AsMemory(0, chunkSize), chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)) > 0)
                yield return buffer.AsMemory(0, read); // valid until the next chunk is asked for
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        foreach (var batch in keys.Select(ObjectKey).Distinct().Chunk(DeleteBatchSize))
        {
            DeleteObjectsResponse response;
            try
            {
                response = await _client.DeleteObjectsAsync(new DeleteObjectsRequest
                {
                    BucketName = _bucket,
                    Objects = batch.Select(k => new KeyVersion { Key = k }).ToList(),
                    Quiet = true,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (DeleteObjectsException e)
            {
                response = e.Response;
            }
            if (response.DeleteErrors is { Count: > 0 } errors)
                throw new IOException($"S3 bucket '{_bucket}' refused to delete {errors.Count} object(s), first '{errors[0].Key}': {errors[0].Code} {errors[0].Message}");
        }
    }

    public void Dispose()
    {
        if (_ownsClient) _client.Dispose();
    }

    private async Task<GetObjectResponse> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = ObjectKey(key) }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey" || (e.StatusCode == HttpStatusCode.NotFound && string.IsNullOrEmpty(e.ErrorCode)))
        {
            throw GridException.NotFound($"no data stored for '{key}'");
        }
    }

    private string ObjectKey(string key)
    {
        if (string.IsNullOrEmpty(key)) throw new ArgumentException("object key must not be empty", nameof(key));
        return _keyPrefix + key;
    }
}
