using Grid.Storage.PostgreSql.Schema;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Grid.Storage.PostgreSql;

/// <summary>
/// What the tables and the queue of one database schema share: the data sources (connection pools), the
/// notification listener, and the names of the notification channels.
/// </summary>
internal sealed class PostgreSqlDatabase : IAsyncDisposable
{
    private PostgreSqlDatabase(NpgsqlDataSource dataSource, NpgsqlDataSource searchDataSource, string schema, ILoggerFactory? loggerFactory)
    {
        DataSource = dataSource;
        SearchDataSource = searchDataSource;
        Schema = schema;
        // Channels are database-wide; a suffix per schema keeps grids sharing a database from waking each other.
        var suffix = StableHash(schema).ToString("x8");
        QueueChannel = "grid_queue_" + suffix;
        EventsChannel = "grid_events_" + suffix;
        Notifications = new PostgreSqlNotifications(dataSource, [QueueChannel, EventsChannel], EventsChannel, loggerFactory?.CreateLogger<PostgreSqlNotifications>());
    }

    /// <summary>
    /// For the statements that address rows by key (ids, a session, a partition's queue), which is all of the hot path:
    /// their best plan does not depend on the values, so a prepared statement keeps one generic plan. Left to
    /// choose, PostgreSQL planned them anew at every call (a batch of one looks cheaper than its generic estimate),
    /// and planning the CTEs of a transition cost twice as much as running them.
    /// </summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>
    /// For searches whose best plan depends on the values (tasks by status across sessions, listing pages): planned
    /// at every call. A generic plan of "status = ANY(...)" scans every task.
    /// </summary>
    public NpgsqlDataSource SearchDataSource { get; }
    public string Schema { get; }
    public PostgreSqlNotifications Notifications { get; }
    public string QueueChannel { get; }
    public string EventsChannel { get; }

    /// <summary>Connects, brings the schema up to date and starts listening for notifications.</summary>
    public static async Task<PostgreSqlDatabase> OpenAsync(PostgreSqlOptions options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        var connectionString = ConnectionStringOf(options);
        var dataSource = Build(WithGenericPlans(connectionString), loggerFactory);
        var searchDataSource = Build(SearchConnectionStringOf(connectionString), loggerFactory);
        try
        {
            string schema;
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                schema = await PostgreSqlSchema.TargetSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                throw new PostgreSqlConnectionException($"cannot connect to PostgreSQL at {ServerOf(connectionString)}: {ReasonOf(e)}", e);
            }
            try
            {
                await PostgreSqlSchema.MigrateAsync(dataSource, loggerFactory?.CreateLogger(typeof(PostgreSqlSchema)), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                throw new PostgreSqlConnectionException($"PostgreSQL at {ServerOf(connectionString)}: bringing schema '{schema}' up to date failed: {ReasonOf(e)}", e);
            }
            return new PostgreSqlDatabase(dataSource, searchDataSource, schema, loggerFactory);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            await searchDataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static NpgsqlDataSource Build(NpgsqlConnectionStringBuilder connectionString, ILoggerFactory? loggerFactory)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString.ConnectionString);
        if (loggerFactory is not null) builder.UseLoggerFactory(loggerFactory);
        return builder.Build();
    }

    private static NpgsqlConnectionStringBuilder WithGenericPlans(NpgsqlConnectionStringBuilder connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString.ConnectionString);
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? GenericPlans : $"{builder.Options} {GenericPlans}";
        return builder;
    }

    // A generic plan is made once per statement and connection. Made while a table is small, it scans the whole table
    // (a hash join with the unnest of an array parameter, estimated at ten rows, looks cheaper than ten index probes) and
    // keeps doing so as the table grows, until the next analyze. Every statement of this pool reaches its rows by key:
    // sequential scans are priced out, so the plan is an index plan from the start.
    private const string GenericPlans = "-c plan_cache_mode=force_generic_plan -c enable_seqscan=off";

    /// <summary>Searches are rare (lease recovery, dispatch repair, listing pages): a few connections serve them.</summary>
    private static NpgsqlConnectionStringBuilder SearchConnectionStringOf(NpgsqlConnectionStringBuilder connectionString) =>
        new(connectionString.ConnectionString) { MaxPoolSize = Math.Clamp(connectionString.MaxPoolSize / 5, 2, connectionString.MaxPoolSize) };

    /// <summary>The connection string with the pool size of the options applied; it names the data source.</summary>
    public static NpgsqlConnectionStringBuilder ConnectionStringOf(PostgreSqlOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new ArgumentException("the PostgreSQL connection string is empty", nameof(options));
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // The message of the parser may quote the string, password included: keep only what is safe to show.
            throw new ArgumentException($"the PostgreSQL connection string is not valid ({e.GetType().Name})", nameof(options));
        }
        if (options.MaxPoolSize > 0) builder.MaxPoolSize = options.MaxPoolSize;
        // The hot-path statements are few and large (CTEs over unnest): prepared once per connection, they are
        // parsed once (and, on DataSource, planned once).
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 64;
        // This backend leaves no session state behind (no SET, no temp tables, no advisory locks held past a
        // transaction), so the reset that a pooled connection gets at every return is work for nothing.
        builder.NoResetOnClose = true;
        return builder;
    }

    private static string ServerOf(NpgsqlConnectionStringBuilder builder) =>
        $"{builder.Host ?? "localhost"}:{builder.Port} (database '{builder.Database ?? builder.Username}', user '{builder.Username}')";

    private static string ReasonOf(Exception e) => e switch
    {
        PostgresException pg => $"{pg.MessageText} (SQLSTATE {pg.SqlState})",
        NpgsqlException { InnerException: System.Net.Sockets.SocketException socket } => $"{socket.Message} ({socket.SocketErrorCode})",
        NpgsqlException { InnerException: TimeoutException } => "no answer within the connection timeout",
        NpgsqlException { InnerException: { } inner } npgsql => $"{npgsql.Message}: {inner.Message}",
        _ => e.Message,
    };

    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = (hash ^ c) * 16777619u;
        return hash;
    }

    public async ValueTask DisposeAsync()
    {
        await Notifications.DisposeAsync().ConfigureAwait(false);
        await DataSource.DisposeAsync().ConfigureAwait(false);
        await SearchDataSource.DisposeAsync().ConfigureAwait(false);
    }
}
