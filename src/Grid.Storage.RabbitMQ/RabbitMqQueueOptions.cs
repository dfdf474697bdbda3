namespace Grid.Storage.RabbitMQ;

/// <summary>Where the RabbitMQ task queue lives and how much a consumer may hold.</summary>
public sealed class RabbitMqQueueOptions
{
    /// <summary>The broker, as an AMQP URI: <c>amqp://user:password@host:port/vhost</c>.</summary>
    public string Uri { get; set; } = "";

    /// <summary>Queue names are this prefix followed by the partition id.</summary>
    public string QueuePrefix { get; set; } = "grid.";

    /// <summary>
    /// The most messages this process holds from a partition's queue without having acknowledged them:
    /// the buffer that keeps dequeues from waiting on the broker. Messages are acknowledged when their task
    /// is taken, so this bounds the tasks an agent keeps back while all its slots are busy: lower it when
    /// tasks are long and agents many.
    /// </summary>
    public ushort Prefetch { get; set; } = 32;

    /// <summary>
    /// How long a publish or a dequeue waits for a lost connection to come back (by automatic recovery or by a new
    /// connection, see <see cref="ReconnectAfter"/>) before it fails: the caller's own retry takes over from there.
    /// The default outlasts a broker restart (5–8 s measured), so a restart is waited out rather than refused.
    /// </summary>
    public TimeSpan RecoveryWait { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long the connection may stay closed while RabbitMQ.Client's automatic recovery has not brought it
    /// back (or never started) before the queue gives it up and opens a new one, with new channels and consumers.
    /// </summary>
    public TimeSpan ReconnectAfter { get; set; } = TimeSpan.FromSeconds(15);
}
