namespace Grid.Storage.PostgreSql;

/// <summary>How to reach PostgreSQL and how the queue behaves; bound from configuration.</summary>
public sealed class PostgreSqlOptions
{
    /// <summary>An Npgsql connection string. <c>Search Path</c> chooses the schema (created if missing).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Upper bound of the connection pool; 0 keeps what the connection string says.</summary>
    public int MaxPoolSize { get; set; } = 50;

    /// <summary>How long a dequeued message stays invisible before it is delivered again (its consumer is presumed dead).</summary>
    public TimeSpan QueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Waiting consumers re-check at least this often, in case a notification was missed.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deleting a session removes its tasks, results and events this many rows per statement (and commit).</summary>
    public int SessionDeletionBatchSize { get; set; } = 5000;
}
