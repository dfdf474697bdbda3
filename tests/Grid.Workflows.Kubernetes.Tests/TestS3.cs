using Amazon.Runtime;
using Amazon.S3;

namespace Grid.Workflows.Kubernetes.Tests;

/// <summary>The S3-compatible test server named by GRID_TEST_S3 and GRID_TEST_S3_BUCKET (scripts/servers/start.sh s3).</summary>
public static class TestS3
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    public static string ServiceUrl => Required("GRID_TEST_S3", "http://127.0.0.1:PORT");

    public static string Bucket => Required("GRID_TEST_S3_BUCKET", "BUCKET");

    public static AmazonS3Client Client() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = ServiceUrl,
        AuthenticationRegion = "us-east-1",
        ForcePathStyle = true,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    private static string Required(string variable, string example) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set: these tests pass artifacts through a real S3-compatible server. Run `scripts/servers/start.sh s3` "
                + "and `source ${GRID_SERVERS_DIR:-/tmp/grid-servers}/env`, or set " + $"{variable}={example}.");
}
