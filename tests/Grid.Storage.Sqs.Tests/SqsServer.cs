using Grid.Storage.Sqs;

namespace Grid.Storage.Sqs.Tests;

/// <summary>The SQS-compatible server the tests run against, named by GRID_TEST_SQS.</summary>
internal static class SqsServer
{
    public const string Variable = "GRID_TEST_SQS";

    public static string Url => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } url
        ? url
        : throw new InvalidOperationException(
            $"{Variable} is not set. Start the test servers with `scripts/servers/start.sh rabbitmq sqs`, then " +
            "`source ${GRID_SERVERS_DIR:-/tmp/grid-servers}/env` and run the tests again.");

    public static async Task<SqsTaskQueue> OpenAsync(TimeSpan? visibilityTimeout = null) =>
        (SqsTaskQueue)await SqsBackend.OpenAsync(new SqsQueueOptions
        {
            ServiceUrl = Url,
            QueuePrefix = "grid-test-",
            VisibilityTimeout = visibilityTimeout ?? TimeSpan.FromMinutes(5),
        }, CancellationToken.None);
}
