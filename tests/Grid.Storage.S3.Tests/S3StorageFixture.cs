using Amazon.S3;
using Amazon.S3.Model;
using Grid.Core.Storage;

namespace Grid.Storage.S3.Tests;

/// <summary>One storage under a key prefix of its own, shared by a test class; its objects are removed at the end.</summary>
public sealed class S3StorageFixture : IAsyncLifetime
{
    public string KeyPrefix { get; } = $"grid-test-{Guid.NewGuid():N}/";

    public IObjectStorage Storage { get; private set; } = null!;

    /// <summary>A plain client, to look at what the storage leaves in the bucket.</summary>
    public AmazonS3Client Inspector { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Storage = await S3Backend.OpenAsync(TestS3Server.Options(KeyPrefix), CancellationToken.None);
        Inspector = new AmazonS3Client("S3RVER", "S3RVER", new AmazonS3Config
        {
            ServiceURL = TestS3Server.ServiceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED,
        });
    }

    /// <summary>The keys (without the fixture's prefix) stored under <paramref name="prefix"/>.</summary>
    public async Task<List<string>> KeysAsync(string prefix = "")
    {
        // ListObjects (v1), paged by marker: s3rver 3.7 on Node 20 fails to make ListObjectsV2 continuation
        // tokens (it ciphers them with DES, which OpenSSL 3 refuses without --openssl-legacy-provider).
        var keys = new List<string>();
        var request = new ListObjectsRequest { BucketName = TestS3Server.Bucket, Prefix = KeyPrefix + prefix };
        ListObjectsResponse response;
        do
        {
            response = await Inspector.ListObjectsAsync(request);
            var page = response.S3Objects ?? [];
            keys.AddRange(page.Select(o => o.Key[KeyPrefix.Length..]));
            request.Marker = page.Count > 0 ? page[^1].Key : null;
        } while (response.IsTruncated == true && request.Marker is not null);
        return keys;
    }

    public async Task DisposeAsync()
    {
        if (Inspector is not null)
        {
            await Storage.DeleteAsync(await KeysAsync(), CancellationToken.None);
            Inspector.Dispose();
        }
        (Storage as IDisposable)?.Dispose();
    }
}
