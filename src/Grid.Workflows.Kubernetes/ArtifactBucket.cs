using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Grid.Workflows.Worker.Protocol;

namespace Grid.Workflows.Kubernetes;

/// <summary>
/// The S3 bucket a task's artifacts travel through: the worker uploads the input files under a key prefix before the
/// pods start and downloads what they wrote under another after they finish. One folder of files per artifact.
/// </summary>
internal sealed class ArtifactBucket : IDisposable
{
    private readonly AmazonS3Client _client;

    public ArtifactBucket(S3ArtifactOptions options)
    {
        Options = options;
        AWSCredentials credentials = string.IsNullOrEmpty(options.AccessKey)
            ? new AnonymousAWSCredentials()
            : new BasicAWSCredentials(options.AccessKey, options.SecretKey);
        _client = new AmazonS3Client(credentials, new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl,
            AuthenticationRegion = options.Region,
            // S3-compatible servers (MinIO, the test server) are addressed http://host:port/bucket/key.
            ForcePathStyle = true,
            // Flexible checksums only where S3 demands them: S3-compatible servers do not all understand them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
    }

    public S3ArtifactOptions Options { get; }

    public async Task UploadAsync(string keyPrefix, IEnumerable<ArtifactFile> files, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Options.Bucket,
                Key = keyPrefix + file.Path,
                InputStream = new MemoryStream(file.Data, writable: false),
                UseChunkEncoding = false,
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every object under <paramref name="keyPrefix"/>, its path relative to the prefix.</summary>
    public async Task<IReadOnlyList<ArtifactFile>> DownloadAsync(string keyPrefix, CancellationToken cancellationToken)
    {
        var files = new List<ArtifactFile>();
        var request = new ListObjectsV2Request { BucketName = Options.Bucket, Prefix = keyPrefix };
        ListObjectsV2Response page;
        do
        {
            page = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page.S3Objects ?? [])
            {
                // Folder markers some tools write ("name/") hold no file.
                if (entry.Key.EndsWith('/')) continue;
                using var response = await _client.GetObjectAsync(Options.Bucket, entry.Key, cancellationToken).ConfigureAwait(false);
                using var data = new MemoryStream();
                await response.ResponseStream.CopyToAsync(data, cancellationToken).ConfigureAwait(false);
                files.Add(new ArtifactFile(entry.Key[keyPrefix.Length..], data.ToArray()));
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        return files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    public void Dispose() => _client.Dispose();
}
