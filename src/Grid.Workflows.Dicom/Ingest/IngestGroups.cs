namespace Grid.Workflows.Dicom.Ingest;

/// <summary>
/// The open groups and their sliding deadlines. An instance being written keeps its group open whatever the clock
/// says; so does an instance still arriving from the same sender to the same AE title (its study is not known until
/// it is whole, and a large or slow instance may take longer than the timeout). A group taken for closing is gone
/// from here, so a late instance of the same study starts a new group.
/// </summary>
internal sealed class IngestGroups(TimeProvider clock)
{
    public sealed class OpenGroup(string groupId, IngestGroupKey key, TimeSpan timeout)
    {
        public string GroupId { get; } = groupId;
        public IngestGroupKey Key { get; } = key;
        public TimeSpan Timeout { get; } = timeout;
        public int Instances { get; set; }
        public int Writing { get; set; }
        public DateTimeOffset LastActivity { get; set; }
    }

    private readonly object _gate = new();
    private readonly Dictionary<IngestGroupKey, OpenGroup> _open = new();
    private readonly Dictionary<(string Called, string Calling), int> _arriving = new();

    public int Count
    {
        get { lock (_gate) return _open.Count; }
    }

    /// <summary>
    /// The open group for the key, with one more instance being written; <paramref name="create"/> makes the
    /// group's folder when there is none. Call <see cref="EndWrite"/> after the instance is stored (or failed).
    /// </summary>
    public async Task<OpenGroup> BeginWriteAsync(IngestGroupKey key, TimeSpan timeout, Func<Task<string>> create)
    {
        lock (_gate)
        {
            if (_open.TryGetValue(key, out var existing))
            {
                existing.Writing++;
                return existing;
            }
        }
        // Creating the folder happens outside the lock; two first instances of one study racing here both create
        // one, and the loser's folder stays empty and is removed at the next start.
        var groupId = await create().ConfigureAwait(false);
        lock (_gate)
        {
            if (!_open.TryGetValue(key, out var group))
            {
                group = new OpenGroup(groupId, key, timeout) { LastActivity = clock.GetUtcNow() };
                _open[key] = group;
            }
            group.Writing++;
            return group;
        }
    }

    public void EndWrite(OpenGroup group, bool stored)
    {
        lock (_gate)
        {
            group.Writing--;
            if (stored) group.Instances++;
            group.LastActivity = clock.GetUtcNow();
        }
    }

    /// <summary>
    /// An instance sent by <paramref name="calling"/> to <paramref name="called"/> started to arrive: until the returned
    /// object is disposed, no group of that sender and AE title closes; when it is, their timeouts start over.
    /// </summary>
    public IDisposable BeginArrival(string called, string calling)
    {
        lock (_gate) _arriving[(called, calling)] = _arriving.GetValueOrDefault((called, calling)) + 1;
        return new Arrival(this, called, calling);
    }

    private void EndArrival(string called, string calling)
    {
        lock (_gate)
        {
            var left = _arriving[(called, calling)] - 1;
            if (left == 0) _arriving.Remove((called, calling));
            else _arriving[(called, calling)] = left;
            var now = clock.GetUtcNow();
            foreach (var group in _open.Values)
                if (group.Key.CalledAeTitle == called && group.Key.CallingAeTitle == calling) group.LastActivity = now;
        }
    }

    private sealed class Arrival(IngestGroups groups, string called, string calling) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0) groups.EndArrival(called, calling);
        }
    }

    /// <summary>A group recovered from disk after a restart: its timeout starts again now.</summary>
    public void Restore(string groupId, IngestGroupKey key, int instances, TimeSpan timeout)
    {
        lock (_gate)
            _open[key] = new OpenGroup(groupId, key, timeout) { Instances = instances, LastActivity = clock.GetUtcNow() };
    }

    /// <summary>Removes and returns the groups whose timeout has passed with nothing being written or arriving.</summary>
    public IReadOnlyList<OpenGroup> TakeExpired()
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var expired = _open.Values
                .Where(g => g.Writing == 0 && now - g.LastActivity >= g.Timeout
                    && !_arriving.ContainsKey((g.Key.CalledAeTitle, g.Key.CallingAeTitle)))
                .ToList();
            foreach (var group in expired) _open.Remove(group.Key);
            return expired;
        }
    }
}
