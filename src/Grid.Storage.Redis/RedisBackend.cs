using Grid.Core.Storage;
using StackExchange.Redis;

namespace Grid.Storage.Redis;

public static class RedisBackend
{
    /// <summary>
    /// Connects and PINGs; an unreachable server fails here, with the endpoint in the message, rather than
    /// at the first write.
    /// </summary>
    public static async Task<IObjectStorage> OpenAsync(RedisObjectStorageOptions options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Configuration))
            throw new ArgumentException("RedisObjectStorageOptions.Configuration is required (for example 127.0.0.1:6379)", nameof(options));
        var configuration = ConfigurationOptions.Parse(options.Configuration);
        // Even if the configuration string says abortConnect=false: that would report success and keep
        // retrying in the background, so a wrong endpoint would only show at the first write.
        configuration.AbortOnConnectFail = true;
        var endpoints = string.Join(", ", configuration.EndPoints.Select(EndPointCollection.ToString));

        ConnectionMultiplexer connection;
        try
        {
            connection = await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Not the library's own message: it advises abortConnect=false, the very setting we refuse.
            var reason = e is RedisConnectionException connectionError
                ? $"{connectionError.FailureType}{(connectionError.InnerException is { } inner ? $" ({inner.Message})" : "")}"
                : e.Message;
            throw new InvalidOperationException($"cannot connect to Redis at {endpoints}: {reason}", e);
        }
        try
        {
            await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return new RedisObjectStorage(connection, options, ownsConnection: true);
        }
        catch (Exception e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            if (e is OperationCanceledException) throw;
            throw new InvalidOperationException($"Redis at {endpoints} does not answer PING: {e.Message}", e);
        }
    }
}
