using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Grid.Core.Storage;

namespace Grid.Storage.S3;

public static class S3Backend
{
    /// <summary>Connects and checks that the bucket exists, so that a wrong URL or bucket fails here, not at the first write.</summary>
    public static async Task<IObjectStorage> OpenAsync(S3ObjectStorageOptions options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.ServiceUrl))
            throw new ArgumentException("S3ObjectStorageOptions.ServiceUrl is required (for example http://127.0.0.1:4568)", nameof(options));
        if (string.IsNullOrWhiteSpace(options.Bucket))
            throw new ArgumentException("S3ObjectStorageOptions.Bucket is required", nameof(options));

        var client = new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl,
            AuthenticationRegion = options.Region,
            // S3-compatible servers are addressed as http://host:port/bucket/key, not bucket.host.
            ForcePathStyle = true,
            // Only where S3 demands them (DeleteObjects): S3-compatible servers do not all understand the
            // flexible checksums the SDK would otherwise add to every upload and expect on every download.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
        try
        {
            await client.HeadBucketAsync(new HeadBucketRequest { BucketName = options.Bucket }, cancellationToken).ConfigureAwait(false);
            return new S3ObjectStorage(client, options, ownsClient: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            client.Dispose();
            var problem = e is AmazonS3Exception { StatusCode: System.Net.HttpStatusCode.NotFound } ? "does not exist" : "cannot be reached";
            throw new InvalidOperationException($"S3 bucket '{options.Bucket}' at {options.ServiceUrl} {problem}: {e.Message}", e);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
