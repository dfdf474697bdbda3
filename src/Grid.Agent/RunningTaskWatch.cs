using Grid.Core.Model;
using Grid.Core.Storage;
using Microsoft.Extensions.Options;

namespace Grid.Agent;

/// <summary>
/// Keeps the leases of the running tasks and stops worker calls whose task is no longer this agent's to
/// run (cancelled by a client, its session cancelled, or taken back after a lease expired): every
/// <see cref="AgentOptions.WatchInterval"/> it reads the running tasks in one batch and aborts the attempts
/// whose task left Processing or changed owner; every third of
/// <see cref="AgentOptions.LeaseDuration"/> it renews their leases in one batch.
/// </summary>
public sealed class RunningTaskWatch(AttemptRegistry attempts, GridStorage storage, IOptions<AgentOptions> options, TimeProvider clock, ILogger<RunningTaskWatch> logger)
    : BackgroundService
{
    private DateTime _lastRenewal = DateTime.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.WatchInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await CheckAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not check the running tasks; trying again");
            }
        }
    }

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var running = attempts.Snapshot();
        if (running.Count == 0) return;
        await RenewLeasesAsync(running, cancellationToken).ConfigureAwait(false);
        var current = (await storage.Tasks.GetManyAsync(running.Select(a => a.Task.TaskId).ToList(), cancellationToken).ConfigureAwait(false))
            .ToDictionary(t => t.TaskId);
        foreach (var attempt in running)
        {
            var stillOurs = current.TryGetValue(attempt.Task.TaskId, out var task)
                && task.Status == TaskState.Processing
                && task.OwnerAgentId == options.Value.AgentId;
            if (stillOurs || attempt.WorkerCallEnded || attempt.Abort.IsCancellationRequested) continue;
            logger.LogInformation("Task {TaskId} is {Status}: stopping its worker call", attempt.Task.TaskId, task?.Status.ToString() ?? "gone");
            await attempt.Abort.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task RenewLeasesAsync(IReadOnlyCollection<RunningAttempt> running, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lease = options.Value.LeaseDuration;
        if (now - _lastRenewal < lease / 3) return;
        await storage.Tasks.RenewLeasesAsync(options.Value.AgentId, running.Select(a => a.Task.TaskId).ToList(), now + lease, cancellationToken).ConfigureAwait(false);
        _lastRenewal = now;
        // A task not renewed is no longer ours: the check that follows stops its worker call.
    }
}
