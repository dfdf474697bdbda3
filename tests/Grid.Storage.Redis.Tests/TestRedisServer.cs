namespace Grid.Storage.Redis.Tests;

/// <summary>The Redis server the tests run against, named by GRID_TEST_REDIS.</summary>
public static class TestRedisServer
{
    public const string Variable = "GRID_TEST_REDIS";

    public static string Configuration =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set: these tests need a real Redis server. Run `scripts/servers/start.sh redis s3` " +
                "and `source ${GRID_SERVERS_DIR:-/tmp/grid-servers}/env`, or set " + Variable + "=127.0.0.1:PORT.");
}
