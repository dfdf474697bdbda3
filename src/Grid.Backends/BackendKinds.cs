namespace Grid.Backends;

/// <summary>The backends a grid can be configured with, by role.</summary>
public static class BackendKinds
{
    public static readonly string[] Tables = ["InMemory", "Journal", "Sqlite", "PostgreSql", "MongoDb"];
    public static readonly string[] Queues = ["InMemory", "PostgreSql", "RabbitMQ", "Sqs"];
    public static readonly string[] Objects = ["InMemory", "FileSystem", "Redis", "S3"];
}
