using Grid.Core.Storage;
using Grid.Storage.Conformance;
using Grid.Storage.RabbitMQ;

namespace Grid.Storage.RabbitMQ.Tests;

public sealed class RabbitMqQueueConformance : QueueConformanceTests, IAsyncLifetime
{
    private RabbitMqTaskQueue? _queue;

    public async Task InitializeAsync() => _queue = await RabbitMqServer.OpenAsync();

    public async Task DisposeAsync()
    {
        if (_queue is not null) await _queue.DisposeAsync();
    }

    protected override Task<ITaskQueue> QueueAsync() => Task.FromResult<ITaskQueue>(_queue!);
}
