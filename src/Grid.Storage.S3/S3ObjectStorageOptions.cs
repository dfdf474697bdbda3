namespace Grid.Storage.S3;

public sealed class S3ObjectStorageOptions
{
    /// <summary>The service endpoint, for example <c>http://127.0.0.1:4568</c>; addressed path-style.</summary>
    public string ServiceUrl { get; set; } = "";

    public string Bucket { get; set; } = "";

    public string Region { get; set; } = "us-east-1";

    public string AccessKey { get; set; } = "S3RVER";

    public string SecretKey { get; set; } = "S3RVER";

    /// <summary>Prepended to every object key, so that several grids can share one bucket.</summary>
    public string KeyPrefix { get; set; } = "";
}
