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
        var recording = new Dictionary<(string, ResultState), DateTime>();
        foreach (var t in transitions)
            if (t.RecordsEvent) recording.TryAdd((t.ResultId, t.To), t.At);
        if (recording.Count == 0) return changed;
        var recorded = new List<GridEvent>();
        foreach (var result in changed)
            if (recording.TryGetValue((result.ResultId, result.Status), out var at)) recorded.Add(GridEvent.ForResultStatus(result, at));
        if (recorded.Count > 0) await events.AppendAsync(recorded, cancellationToken).ConfigureAwait(false);
        return changed;
    }

    public override async Task CreateAsync(IReadOnlyCollection<ResultRecord> results, CancellationToken cancellationToken)
    {
        await Inner.CreateAsync(results, cancellationToken).ConfigureAwait(false);
        await events.AppendAsync(results.Select(r => GridEvent.ForNewResult(r, r.CreatedAt)).ToList(), cancellationToken).ConfigureAwait(false);
    }
}
