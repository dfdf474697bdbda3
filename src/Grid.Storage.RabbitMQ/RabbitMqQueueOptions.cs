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
}
