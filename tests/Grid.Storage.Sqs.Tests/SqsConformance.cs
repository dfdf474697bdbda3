using Grid.Core.Storage;
using Grid.Storage.Conformance;
using Grid.Storage.Sqs;

namespace Grid.Storage.Sqs.Tests;

public sealed class SqsQueueConformance : QueueConformanceTests, IAsyncLifetime
{
    private SqsTaskQueue? _queue;

    public async Task InitializeAsync() => _queue = await SqsServer.OpenAsync();

    public async Task DisposeAsync()
    {
        if (_queue is not null) await _queue.DisposeAsync();
    }

    protected override Task<ITaskQueue> QueueAsync() => Task.FromResult<ITaskQueue>(_queue!);
}
