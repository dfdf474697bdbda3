using Grid.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Grid.Storage.RabbitMQ;

/// <summary>Opens the RabbitMQ task queue: one connection, recovered automatically if it is lost and replaced if it stays lost.</summary>
public static class RabbitMqBackend
{
    public static Task<ITaskQueue> OpenAsync(RabbitMqQueueOptions options, CancellationToken cancellationToken) =>
        OpenAsync(options, null, cancellationToken);

    public static Task<ITaskQueue> OpenAsync(RabbitMqQueueOptions options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken) =>
        OpenAsync(options, loggerFactory, configureFactory: null, cancellationToken);

    /// <param name="configureFactory">Changes the connection factory last (tests turn automatic recovery off with it).</param>
    internal static async Task<ITaskQueue> OpenAsync(RabbitMqQueueOptions options, ILoggerFactory? loggerFactory,
        Action<ConnectionFactory>? configureFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!System.Uri.TryCreate(options.Uri, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
            throw new ArgumentException($"RabbitMQ: Uri '{WithoutPassword(options.Uri)}' is not an AMQP URI (amqp://user:password@host:port/vhost).", nameof(options));
        if (options.Prefetch == 0)
            throw new ArgumentException("RabbitMQ: Prefetch must be at least 1.", nameof(options));
        if (options.RecoveryWait < TimeSpan.Zero)
            throw new ArgumentException($"RabbitMQ: RecoveryWait must not be negative (it is {options.RecoveryWait}).", nameof(options));
        if (options.ReconnectAfter <= TimeSpan.Zero)
            throw new ArgumentException($"RabbitMQ: ReconnectAfter must be positive (it is {options.ReconnectAfter}).", nameof(options));

        var factory = new ConnectionFactory
        {
            Uri = uri,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            // Recovery reopens the connection, the channels and the queues, not the consumers: a partition's consumer
            // ends with its channel and the next dequeue starts a new one (RabbitMqTaskQueue), so that nothing
            // delivered before the loss (its delivery tags died with the channel) is handed out after it.
            TopologyRecoveryFilter = new TopologyRecoveryFilter { ConsumerFilter = _ => false },
            NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
            ClientProvidedName = "grid-task-queue",
        };
        configureFactory?.Invoke(factory);

        var port = uri.IsDefaultPort || uri.Port < 0 ? (uri.Scheme == "amqps" ? 5671 : 5672) : uri.Port;
        var broker = $"{uri.Host}:{port} (vhost '{factory.VirtualHost}')";
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RabbitMqTaskQueue>();
        WatchedConnection connection;
        try
        {
            connection = await WatchedConnection.OpenAsync(factory, options.ReconnectAfter, broker, logger, cancellationToken).ConfigureAwait(false);
        }
        catch (BrokerUnreachableException e)
        {
            throw new InvalidOperationException($"RabbitMQ broker at {broker} is unreachable: {Innermost(e).Message}", e);
        }
        return new RabbitMqTaskQueue(connection, options);
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    private static string WithoutPassword(string uri) =>
        System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.UserInfo.Contains(':')
            ? uri.Replace(parsed.UserInfo, parsed.UserInfo[..parsed.UserInfo.IndexOf(':')] + ":***")
            : uri;
}
