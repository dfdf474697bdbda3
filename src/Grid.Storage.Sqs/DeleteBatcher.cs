using System.Threading.Channels;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Grid.Storage.Sqs;

/// <summary>
/// Acknowledgements made at about the same time are sent together, ten per DeleteMessageBatch, instead of
/// one request each. A caller waits until the server has deleted its own message.
/// </summary>
internal sealed class DeleteBatcher : IAsyncDisposable
{
    private const int BatchSize = 10;
    private const int MaxBatchesInFlight = 8;

    private readonly IAmazonSQS _client;
    private readonly Channel<PendingDelete> _pending = Channel.CreateUnbounded<PendingDelete>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _inFlight = new(MaxBatchesInFlight);
    private readonly Task _sending;

    public DeleteBatcher(IAmazonSQS client)
    {
        _client = client;
        _sending = Task.Run(SendLoopAsync);
    }

    public Task DeleteAsync(string queueUrl, string receiptHandle)
    {
        var pending = new PendingDelete(queueUrl, receiptHandle, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(SqsTaskQueue), "The SQS task queue is closed: the message was not acknowledged.");
        return pending.Done.Task;
    }

    private async Task SendLoopAsync()
    {
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // Everything waiting now, grouped by queue; each group goes out in batches of ten.
            var waiting = new List<PendingDelete>();
            while (waiting.Count < BatchSize * MaxBatchesInFlight && reader.TryRead(out var pending)) waiting.Add(pending);
            foreach (var batch in waiting.GroupBy(p => p.QueueUrl).SelectMany(g => g.Chunk(BatchSize)))
            {
                await _inFlight.WaitAsync().ConfigureAwait(false);
                _ = SendAsync(batch);
            }
        }
        for (var i = 0; i < MaxBatchesInFlight; i++) await _inFlight.WaitAsync().ConfigureAwait(false);
    }

    private async Task SendAsync(PendingDelete[] batch)
    {
        try
        {
            var response = await _client.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
            {
                QueueUrl = batch[0].QueueUrl,
                Entries = batch.Select((p, i) => new DeleteMessageBatchRequestEntry { Id = i.ToString(), ReceiptHandle = p.ReceiptHandle }).ToList(),
            }).ConfigureAwait(false);
            foreach (var failure in response.Failed ?? [])
                batch[int.Parse(failure.Id)].Done.TrySetException(new InvalidOperationException(
                    $"SQS: deleting a message from '{batch[0].QueueUrl}' failed: {failure.Code}: {failure.Message}"));
            foreach (var pending in batch) pending.Done.TrySetResult();
        }
        catch (Exception e)
        {
            foreach (var pending in batch) pending.Done.TrySetException(e);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _sending.ConfigureAwait(false);
    }

    private sealed record PendingDelete(string QueueUrl, string ReceiptHandle, TaskCompletionSource Done);
}
