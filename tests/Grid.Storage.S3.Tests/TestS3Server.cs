namespace Grid.Storage.S3.Tests;

/// <summary>The S3-compatible server the tests run against, named by GRID_TEST_S3 and GRID_TEST_S3_BUCKET.</summary>
public static class TestS3Server
{
    public static string ServiceUrl => Required("GRID_TEST_S3", "http://127.0.0.1:PORT");

    public static string Bucket => Required("GRID_TEST_S3_BUCKET", "BUCKET");

    public static S3ObjectStorageOptions Options(string keyPrefix = "") =>
        new() { ServiceUrl = ServiceUrl, Bucket = Bucket, KeyPrefix = keyPrefix };

    private static string Required(string variable, string example) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set: these tests need a real S3-compatible server. Run `scripts/servers/start.sh redis s3` " +
                "and `source ${GRID_SERVERS_DIR:-/tmp/grid-servers}/env`, or set " + $"{variable}={example}.");
}
