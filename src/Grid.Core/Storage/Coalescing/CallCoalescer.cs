namespace Grid.Core.Storage.Coalescing;

/// <summary>
/// Merges the batch calls that callers make at the same time into one call, keeping at most one in
/// flight: while it runs, new calls gather and go together in the next round. On a server that flushes its
/// log at every commit, this turns one commit per write into one commit per round; for reads, one
/// statement per round instead of one per caller.
/// </summary>
/// <remarks>
/// A call only joins a round that has not started, so it sees every write completed before it was made.
/// For writes (<paramref name="separateKeys"/>), a round never holds two items with the same key: a later
/// call that touches a key already in the round waits for the next, so each caller gets back exactly the
/// outputs of its own items.
/// </remarks>
/// <param name="write">The underlying batch call.</param>
/// <param name="keyOfItem">What an item changes (a task id, a result id).</param>
/// <param name="keyOfOutput">
/// Which item an output belongs to; null when outputs cannot be told apart by item (tasks made ready by
/// completed results): the first call of the round then gets them all.
/// </param>
/// <param name="separateKeys">True for writes: keep items with the same key in different rounds.</param>
/// <param name="maxRoundItems">Upper bound of items in one round.</param>
internal sealed class CallCoalescer<TItem, TOutput>(
    Func<IReadOnlyCollection<TItem>, Task<IReadOnlyList<TOutput>>> write,
    Func<TItem, string> keyOfItem,
    Func<TOutput, string>? keyOfOutput,
    bool separateKeys = true,
    int maxRoundItems = 2_000)
{
    private readonly Lock _gate = new();
    private readonly List<PendingCall> _pending = [];
    private bool _writing;

    public Task<IReadOnlyList<TOutput>> CallAsync(IReadOnlyCollection<TItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0) return Task.FromResult<IReadOnlyList<TOutput>>([]);
        var call = new PendingCall(items, items.Select(keyOfItem).ToHashSet(StringComparer.Ordinal));
        bool startWriter;
        lock (_gate)
        {
            _pending.Add(call);
            startWriter = !_writing;
            _writing = true;
        }
        if (startWriter) _ = Task.Run(WriteRoundsAsync, CancellationToken.None);
        // Once queued the call is made even if the caller stops waiting: a write is never half done.
        return call.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteRoundsAsync()
    {
        while (TakeRound() is { } round)
        {
            var items = round.Count == 1 ? round[0].Items
                : separateKeys ? round.SelectMany(c => c.Items).ToList()
                : round.SelectMany(c => c.Items).DistinctBy(keyOfItem, StringComparer.Ordinal).ToList();
            try
            {
                var outputs = await write(items).ConfigureAwait(false);
                if (round.Count == 1)
                {
                    round[0].Done.TrySetResult(outputs);
                    continue;
                }
                for (var i = 0; i < round.Count; i++)
                {
                    var call = round[i];
                    call.Done.TrySetResult(keyOfOutput is null
                        ? i == 0 ? outputs : []
                        : outputs.Where(o => call.Keys.Contains(keyOfOutput(o))).ToList());
                }
            }
            catch (Exception e)
            {
                foreach (var call in round) call.Done.TrySetException(e);
            }
        }
    }

    /// <summary>The calls of the next round, in arrival order; null (and the writer stops) when none wait.</summary>
    private List<PendingCall>? TakeRound()
    {
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                _writing = false;
                return null;
            }
            var round = new List<PendingCall>();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            var count = 0;
            for (var i = 0; i < _pending.Count; i++)
            {
                var call = _pending[i];
                if (round.Count > 0 && (count + call.Items.Count > maxRoundItems || (separateKeys && call.Keys.Overlaps(keys)))) continue;
                round.Add(call);
                keys.UnionWith(call.Keys);
                count += call.Items.Count;
            }
            _pending.RemoveAll(round.Contains);
            return round;
        }
    }

    private sealed record PendingCall(IReadOnlyCollection<TItem> Items, HashSet<string> Keys)
    {
        public TaskCompletionSource<IReadOnlyList<TOutput>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
