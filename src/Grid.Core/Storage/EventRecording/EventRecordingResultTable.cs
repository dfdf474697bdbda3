using Grid.Core.Model;

namespace Grid.Core.Storage.EventRecording;

/// <summary>
/// The result side of <see cref="EventRecordingTaskTable"/>: events of <see cref="ResultTransition.RecordsEvent"/> and
/// of creations appended after the change.
/// </summary>
public sealed class EventRecordingResultTable(IResultTable inner, IEventLog events) : DelegatingResultTable(inner)
{
    public override async Task<IReadOnlyList<ResultRecord>> TransitionAsync(IReadOnlyCollection<ResultTransition> transitions, CancellationToken cancellationToken)
    {
        var changed = await Inner.TransitionAsync(transitions, cancellationToken).ConfigureAwait(false);
        var recorded = ResultTransition.EventsOf(transitions, changed);
        if (recorded.Count > 0) await events.AppendAsync(recorded, cancellationToken).ConfigureAwait(false);
        return changed;
    }

    public override async Task CreateAsync(IReadOnlyCollection<ResultRecord> results, CancellationToken cancellationToken)
    {
        await Inner.CreateAsync(results, cancellationToken).ConfigureAwait(false);
        await events.AppendAsync(results.Select(r => GridEvent.ForNewResult(r, r.CreatedAt)).ToList(), cancellationToken).ConfigureAwait(false);
    }
}
