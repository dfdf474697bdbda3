namespace Grid.Storage.MongoDb;

public sealed class MongoDbOptions
{
    /// <summary>A MongoDB connection string, for example <c>mongodb://db1:27017,db2:27017/?replicaSet=rs0</c>.</summary>
    public string ConnectionString { get; set; } = "";

    public string Database { get; set; } = "grid";

    /// <summary>How long to look for a server before failing, unless the connection string sets <c>serverSelectionTimeoutMS</c>.</summary>
    public TimeSpan ServerSelectionTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
