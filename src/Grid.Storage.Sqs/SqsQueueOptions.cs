namespace Grid.Storage.Sqs;

/// <summary>Where the SQS task queues live and how long a received message stays hidden.</summary>
public sealed class SqsQueueOptions
{
    /// <summary>The SQS endpoint, for example <c>http://127.0.0.1:4566</c> for a local server.</summary>
    public string ServiceUrl { get; set; } = "";

    public string Region { get; set; } = "us-east-1";

    public string AccessKey { get; set; } = "test";

    public string SecretKey { get; set; } = "test";

    /// <summary>Queue names are this prefix, the partition id and the priority (<c>grid-cpu-p5</c>).</summary>
    public string QueuePrefix { get; set; } = "grid-";

    /// <summary>A received message not acknowledged within this time is delivered again.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
