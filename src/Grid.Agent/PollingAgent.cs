using Grid.Core.Storage;
using Microsoft.Extensions.Options;

namespace Grid.Agent;

/// <summary>
/// Pulls task ids from the queues of its partitions and runs up to <see cref="AgentOptions.Concurrency"/>
/// of them at once. On shutdown it stops taking work and lets the running tasks finish.
/// </summary>
public sealed class PollingAgent(ITaskQueue queue, TaskRunner runner, IOptions<AgentOptions> options, ILogger<PollingAgent> logger) : BackgroundService
{
    private readonly AgentOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var partitions = _options.Partitions.Count > 0 ? _options.Partitions : [Core.Model.GridTaskOptions.DefaultPartition];
        logger.LogInformation("Agent {AgentId} serves partitions {Partitions} with {Concurrency} slots on worker {Worker}",
            _options.AgentId, string.Join(", ", partitions), _options.Concurrency, _options.WorkerAddress);
        var slots = new SemaphoreSlim(_options.Concurrency);
        var running = new HashSet<Task>();
        var next = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                var free = slots.CurrentCount + 1;
                var partition = partitions[next++ % partitions.Count];
                IReadOnlyList<IQueueMessage> messages;
                try
                {
                    messages = await queue.DequeueAsync(partition, free, partitions.Count == 1 ? _options.PollWait : TimeSpan.FromMilliseconds(50), stoppingToken).ConfigureAwait(false);
                }
                catch
                {
                    slots.Release();
                    throw;
                }
                if (messages.Count == 0)
                {
                    slots.Release();
                    continue;
                }
                // One slot is already held; take one more for every further message.
                for (var i = 1; i < messages.Count; i++) await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                foreach (var message in messages)
                {
                    var run = RunAsync(message, slots, stoppingToken);
                    lock (running) running.Add(run);
                    _ = run.ContinueWith(t => { lock (running) running.Remove(t); }, TaskScheduler.Default);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        Task[] remaining;
        lock (running) remaining = [.. running];
        await Task.WhenAll(remaining).ConfigureAwait(false);
    }

    private async Task RunAsync(IQueueMessage message, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield();
            await runner.RunAsync(message, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Task {TaskId} could not be run", message.TaskId);
        }
        finally
        {
            slots.Release();
        }
    }
}
