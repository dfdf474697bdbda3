using Grid.Core.Model;
using Grid.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Core.Operations;

/// <summary>
/// Repairs, while the control plane runs, what a storage outage can cut between two commits (a task stored as
/// Completed whose outputs, subtasks or dependents were not yet told; a Submitted task whose message was never
/// published). Finding those gaps costs reading every unfinished task, so the repair runs only when the grid looks
/// stalled: no session that can make progress logged an event over one <see cref="DispatchRepairOptions.Interval"/>
/// (every task move logs one). Telling that costs one primary-key read per such session, not a count of the task
/// table. It runs once per stalled state; whatever it fixes logs events.
/// </summary>
public sealed class DispatchRepairService(GridStorage storage, DispatchRecovery recovery, IOptions<DispatchRepairOptions> options, ILogger<DispatchRepairService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        IReadOnlyDictionary<string, ulong>? previous = null, repaired = null;
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var state = await LastEventsAsync(stoppingToken).ConfigureAwait(false);
                if (Same(state, previous) && !Same(state, repaired))
                {
                    var repair = await recovery.RepairAsync(stoppingToken).ConfigureAwait(false);
                    repaired = state;
                    if (repair.Released + repair.OutputsCompleted > 0)
                        logger.LogWarning("Dispatch repair after a stall of {Sessions} sessions: {Released} subtasks released, {Outputs} outputs of completed tasks completed, {Requeued} submitted tasks queued again",
                            state.Count, repair.Released, repair.OutputsCompleted, repair.Requeued);
                }
                previous = state;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Dispatch repair failed; trying again at the next tick");
            }
        }
    }

    /// <summary>The last event sequence of each session that can make progress (the sessions the repair goes through).</summary>
    private async Task<IReadOnlyDictionary<string, ulong>> LastEventsAsync(CancellationToken cancellationToken)
    {
        var last = new Dictionary<string, ulong>();
        var pageSize = options.Value.PageSize;
        for (var page = 0; ; page++)
        {
            var found = await storage.Sessions.ListAsync(new SessionFilter { Statuses = [SessionState.Running, SessionState.Closed] },
                new PageQuery<SessionSort>(SessionSort.CreatedAt, false, page, pageSize), cancellationToken).ConfigureAwait(false);
            foreach (var session in found.Items)
                last[session.SessionId] = await storage.Events.LastSequenceAsync(session.SessionId, cancellationToken).ConfigureAwait(false);
            if (found.Items.Count < pageSize) return last;
        }
    }

    private static bool Same(IReadOnlyDictionary<string, ulong> state, IReadOnlyDictionary<string, ulong>? other) =>
        other is not null && other.Count == state.Count && state.All(s => other.TryGetValue(s.Key, out var sequence) && sequence == s.Value);
}
