using Grid.Core.Storage;
using Microsoft.Extensions.Options;

namespace Grid.Agent;

/// <summary>
/// Pulls task ids from the queues of its partitions and runs up to <see cref="AgentOptions.Concurrency"/>
/// of them at once. On shutdown (SIGTERM) it stops taking work and lets the running tasks finish within
/// <see cref="AgentOptions.ShutdownGracePeriod"/>; those still running then are handed back to the queue
/// without spending an attempt.
/// </summary>
/// <remarks>
/// The drain starts in <see cref="StoppingAsync"/>, before any hosted service stops: the web server that
/// serves the worker (or the Agent API the worker calls back) must keep serving while tasks finish.
/// Likewise the first task is taken only once every hosted service has started (the web server listens) and the
/// worker answers: a task taken earlier would spend its attempts on a worker that is not there yet.
/// </remarks>
public sealed class PollingAgent(ITaskQueue queue, TaskRunner runner, WorkerChannel worker, IOptions<AgentOptions> options, ILogger<PollingAgent> logger)
    : BackgroundService, IHostedLifecycleService
{
    private readonly AgentOptions _options = options.Value;
    private readonly CancellationTokenSource _stopTaking = new();
    private readonly CancellationTokenSource _handBack = new();
    private readonly TaskCompletionSource _hostStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopTaking.CancelAsync().ConfigureAwait(false);
        if (ExecuteTask is { } drain) await drain.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _hostStarted.TrySetResult();
        return Task.CompletedTask;
    }
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken hostStopping)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(hostStopping, _stopTaking.Token);
        var stoppingToken = stopping.Token;
        var partitions = _options.Partitions.Count > 0 ? _options.Partitions : [Core.Model.GridTaskOptions.DefaultPartition];
        logger.LogInformation("Agent {AgentId} serves partitions {Partitions} with {Concurrency} slots on worker {Worker}",
            _options.AgentId, string.Join(", ", partitions), _options.Concurrency, _options.WorkerAddress);
        try
        {
            await _hostStarted.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
            logger.LogInformation("Agent {AgentId} waits for its worker at {Worker} before taking tasks", _options.AgentId, _options.WorkerAddress);
            await worker.WaitUntilReachableAsync(stoppingToken).ConfigureAwait(false);
            logger.LogInformation("Agent {AgentId}: its worker answers", _options.AgentId);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        var slots = new SemaphoreSlim(_options.Concurrency);
        var running = new HashSet<Task>();
        var next = 0;
        var queueFailures = 0;
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
                    queueFailures = 0;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // The queue's server is restarting or out of reach: keep the agent, try again after a pause.
                    slots.Release();
                    var pause = TimeSpan.FromMilliseconds(Math.Min(5_000, 100 << Math.Min(queueFailures++, 6)));
                    logger.LogWarning(e, "Agent {AgentId} could not dequeue from partition {Partition}; trying again in {Pause}", _options.AgentId, partition, pause);
                    await Task.Delay(pause, stoppingToken).ConfigureAwait(false);
                    continue;
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
        if (remaining.Length == 0) return;
        logger.LogInformation("Agent {AgentId} stopping: {Count} running tasks get {Grace} to finish", _options.AgentId, remaining.Length, _options.ShutdownGracePeriod);
        try
        {
            await Task.WhenAll(remaining).WaitAsync(_options.ShutdownGracePeriod).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _handBack.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(remaining).ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _stopTaking.Dispose();
        _handBack.Dispose();
        base.Dispose();
    }

    private async Task RunAsync(IQueueMessage message, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield();
            await runner.RunAsync(message, stoppingToken, _handBack.Token).ConfigureAwait(false);
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
