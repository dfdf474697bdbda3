using Grid.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Core.Operations;

/// <summary>
/// Repairs, while the control plane runs, what a storage outage can cut between two commits (a task stored as
/// Completed whose outputs, subtasks or dependents were not yet told; a Submitted task whose message was never
/// published). Finding those gaps costs full scans, so the repair runs only when the grid looks stalled: the
/// task counts by status did not change over one <see cref="DispatchRepairOptions.Interval"/>. It runs once
/// per stalled state; whatever it fixes changes the counts.
/// </summary>
public sealed class DispatchRepairService(GridStorage storage, DispatchRecovery recovery, IOptions<DispatchRepairOptions> options, ILogger<DispatchRepairService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        string? previous = null, repaired = null;
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var counts = await storage.Tasks.CountByStatusAsync(new TaskFilter(), stoppingToken).ConfigureAwait(false);
                var state = string.Join(",", counts.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}"));
                if (state == previous && state != repaired)
                {
                    var repair = await recovery.RepairAsync(stoppingToken).ConfigureAwait(false);
                    repaired = state;
                    if (repair.Released + repair.OutputsCompleted > 0)
                        logger.LogWarning("Dispatch repair after a stall ({State}): {Released} subtasks released, {Outputs} outputs of completed tasks completed, {Requeued} submitted tasks queued again",
                            state, repair.Released, repair.OutputsCompleted, repair.Requeued);
                }
                previous = state;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Dispatch repair failed; trying again at the next tick");
            }
        }
    }
}
