using Grid.Storage.RabbitMQ;

namespace Grid.Storage.RabbitMQ.Tests;

/// <summary>The broker the tests run against, named by GRID_TEST_RABBITMQ.</summary>
internal static class RabbitMqServer
{
    public const string Variable = "GRID_TEST_RABBITMQ";

    public static string Uri => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } uri
        ? uri
        : throw new InvalidOperationException(
            $"{Variable} is not set. Start the test servers with `scripts/servers/start.sh rabbitmq sqs`, then " +
            "`source ${GRID_SERVERS_DIR:-/tmp/grid-servers}/env` and run the tests again.");

    /// <summary>A queue of its own (its own connection), with queue names no other test run uses.</summary>
    public static async Task<RabbitMqTaskQueue> OpenAsync(string? prefix = null) =>
        (RabbitMqTaskQueue)await RabbitMqBackend.OpenAsync(new RabbitMqQueueOptions { Uri = Uri, QueuePrefix = prefix ?? "grid-test." }, CancellationToken.None);
}
