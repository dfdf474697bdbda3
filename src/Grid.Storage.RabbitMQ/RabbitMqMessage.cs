using Grid.Core.Storage;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Grid.Storage.RabbitMQ;

/// <summary>A delivery not yet acknowledged, answered on the channel that received it.</summary>
internal sealed class RabbitMqMessage(IChannel channel, ulong deliveryTag, string taskId) : IQueueMessage
{
    private int _settled;

    public string TaskId => taskId;

    public ValueTask AcknowledgeAsync() => SettleAsync(requeue: null);

    public ValueTask ReleaseAsync() => SettleAsync(requeue: true);

    private async ValueTask SettleAsync(bool? requeue)
    {
        // A second ack of the same delivery tag is a protocol error that closes the channel.
        if (Interlocked.Exchange(ref _settled, 1) == 1) return;
        try
        {
            if (requeue is null) await channel.BasicAckAsync(deliveryTag, multiple: false).ConfigureAwait(false);
            else await channel.BasicNackAsync(deliveryTag, multiple: false, requeue: true).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AlreadyClosedException or ObjectDisposedException)
        {
            // The channel that received the message is gone, so the broker has already put the message back
            // for another consumer. The duplicate is harmless: the task table refuses a second acquisition.
        }
    }
}
