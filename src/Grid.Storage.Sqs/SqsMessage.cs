using Amazon.SQS;
using Amazon.SQS.Model;
using Grid.Core.Storage;

namespace Grid.Storage.Sqs;

/// <summary>A received message, hidden from other consumers until its visibility timeout ends.</summary>
internal sealed class SqsMessage(IAmazonSQS client, DeleteBatcher deletes, string queueUrl, string receiptHandle, string taskId, int priority) : IQueueMessage
{
    private int _settled;

    public string TaskId => taskId;

    public int Priority => priority;

    public string QueueUrl => queueUrl;

    public string ReceiptHandle => receiptHandle;

    public async ValueTask AcknowledgeAsync()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 1) return;
        await deletes.DeleteAsync(queueUrl, receiptHandle).ConfigureAwait(false);
    }

    public async ValueTask ReleaseAsync()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 1) return;
        try
        {
            await client.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest
            {
                QueueUrl = queueUrl,
                ReceiptHandle = receiptHandle,
                VisibilityTimeout = 0,
            }).ConfigureAwait(false);
        }
        catch (MessageNotInflightException)
        {
            // Its visibility timeout already ended: the message is back in the queue.
        }
    }
}
