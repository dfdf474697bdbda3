namespace Grid.Storage.RabbitMQ;

/// <summary>Where the RabbitMQ task queue lives and how much a consumer may hold.</summary>
public sealed class RabbitMqQueueOptions
{
    /// <summary>The broker, as an AMQP URI: <c>amqp://user:password@host:port/vhost</c>.</summary>
    public string Uri { get; set; } = "";

    /// <summary>Queue names are this prefix followed by the partition id.</summary>
    public string QueuePrefix { get; set; } = "grid.";

    /// <summary>
    /// The most messages one dequeue may take (and so hold unacknowledged) at a time. A dequeue asking for
    /// fewer sets its prefetch to what it asked for.
    /// </summary>
    public ushort Prefetch { get; set; } = 64;
}
