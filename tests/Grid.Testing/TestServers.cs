namespace Grid.Testing;

/// <summary>
/// Settings for the servers started by scripts/servers/start.sh, named by the environment variables it writes
/// (or given, for servers of a test's own: <see cref="DedicatedTestServers"/>).
/// </summary>
public static class TestServers
{
    public static string Require(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set: start the test servers with scripts/servers/start.sh and source ${{GRID_SERVERS_DIR:-/tmp/grid-servers}}/env (scripts/test.sh does both)");

    public static Dictionary<string, string> PostgreSqlTables(string? connectionString = null) => new()
    {
        ["Grid:Storage:Tables:Kind"] = "PostgreSql",
        ["Grid:Storage:Tables:PostgreSql:ConnectionString"] = connectionString ?? Require("GRID_TEST_POSTGRES"),
    };

    public static Dictionary<string, string> RabbitMqQueue(string? uri = null) => new()
    {
        ["Grid:Storage:Queue:Kind"] = "RabbitMQ",
        ["Grid:Storage:Queue:RabbitMQ:Uri"] = uri ?? Require("GRID_TEST_RABBITMQ"),
    };

    public static Dictionary<string, string> SqsQueue() => new()
    {
        ["Grid:Storage:Queue:Kind"] = "Sqs",
        ["Grid:Storage:Queue:Sqs:ServiceUrl"] = Require("GRID_TEST_SQS"),
    };

    public static Dictionary<string, string> RedisObjects(string? configuration = null) => new()
    {
        ["Grid:Storage:Objects:Kind"] = "Redis",
        ["Grid:Storage:Objects:Redis:Configuration"] = configuration ?? Require("GRID_TEST_REDIS"),
    };

    public static Dictionary<string, string> S3Objects() => new()
    {
        ["Grid:Storage:Objects:Kind"] = "S3",
        ["Grid:Storage:Objects:S3:ServiceUrl"] = Require("GRID_TEST_S3"),
        ["Grid:Storage:Objects:S3:Bucket"] = Require("GRID_TEST_S3_BUCKET"),
    };
}
