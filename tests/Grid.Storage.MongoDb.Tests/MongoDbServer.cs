namespace Grid.Storage.MongoDb.Tests;

/// <summary>The MongoDB server the tests run against, named by the environment variable <see cref="Variable"/>.</summary>
public static class MongoDbServer
{
    public const string Variable = "GRID_TEST_MONGODB";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static string Required => ConnectionString ?? throw new InvalidOperationException(
        $"{Variable} is not set: the MongoDB tests need a server, for example {Variable}=mongodb://127.0.0.1:27017. " +
        "Without one, leave them out with --filter \"Backend!=MongoDb\" (no MongoDB server can be installed on the build machines).");
}
