using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Core.Operations;

/// <summary>Runs <see cref="LeaseRecovery"/> every <see cref="LeaseRecoveryOptions.Interval"/> in the control plane.</summary>
public sealed class LeaseRecoveryService(LeaseRecovery recovery, IOptions<LeaseRecoveryOptions> options, ILogger<LeaseRecoveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var recovered = await recovery.RecoverAsync(stoppingToken).ConfigureAwait(false);
                foreach (var task in recovered)
                    logger.LogWarning("Task {TaskId} taken back from agent {AgentId} whose lease expired: now {Status}, attempt {Attempt}",
                        task.TaskId, task.OwnerAgentId ?? "?", task.Status, task.Attempt);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Lease recovery failed; trying again at the next tick");
            }
        }
    }
}
