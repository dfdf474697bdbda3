using System.Collections.Concurrent;
using Grid.Core.Model;

namespace Grid.Core.Storage.InMemory;

public sealed class InMemoryEventLog : IEventLog
{
    private readonly ConcurrentDictionary<string, SessionLog> _sessions = new();

    public ValueTask AppendAsync(IReadOnlyList<GridEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return ValueTask.CompletedTask;
        var first = events[0].SessionId;
        if (events.All(e => e.SessionId == first)) LogOf(first).Append(events);
        else
            foreach (var group in events.GroupBy(e => e.SessionId))
                LogOf(group.Key).Append(group.ToList());
        return ValueTask.CompletedTask;
    }

    public ValueTask<ulong> LastSequenceAsync(string sessionId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(LogOf(sessionId).LastSequence);

    public ValueTask<IReadOnlyList<GridEvent>> ReadAsync(string sessionId, ulong afterSequence, int maxCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(LogOf(sessionId).Read(afterSequence, maxCount));

    public Task WaitForEventsAsync(string sessionId, ulong afterSequence, CancellationToken cancellationToken) =>
        LogOf(sessionId).WaitAfter(afterSequence).WaitAsync(cancellationToken);

    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        // Readers waiting on the removed log wake up and find the new, empty one.
        if (_sessions.TryRemove(sessionId, out var log)) log.WakeWaiters();
        return Task.CompletedTask;
    }

    /// <summary>Every session's events in order; appended again in that order they get the same sequences.</summary>
    internal List<(string SessionId, List<GridEvent> Events)> Snapshot() =>
        _sessions.Select(s => (s.Key, s.Value.All())).Where(s => s.Item2.Count > 0).ToList();

    private SessionLog LogOf(string sessionId) => _sessions.GetOrAdd(sessionId, _ => new SessionLog());

    private sealed class SessionLog
    {
        private readonly List<GridEvent> _events = [];
        private readonly Lock _lock = new();
        private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ulong LastSequence
        {
            get { lock (_lock) return (ulong)_events.Count; }
        }

        public void Append(IReadOnlyList<GridEvent> events)
        {
            TaskCompletionSource appended;
            lock (_lock)
            {
                foreach (var e in events) _events.Add(e with { Sequence = (ulong)_events.Count + 1 });
                appended = _appended;
                _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            appended.TrySetResult();
        }

        public List<GridEvent> All()
        {
            lock (_lock) return [.. _events];
        }

        public void WakeWaiters()
        {
            lock (_lock) _appended.TrySetResult();
        }

        public IReadOnlyList<GridEvent> Read(ulong afterSequence, int maxCount)
        {
            lock (_lock)
            {
                var start = (int)Math.Min(afterSequence, (ulong)_events.Count);
                return _events.GetRange(start, Math.Min(maxCount, _events.Count - start));
            }
        }

        public Task WaitAfter(ulong afterSequence)
        {
            lock (_lock) return (ulong)_events.Count > afterSequence ? Task.CompletedTask : _appended.Task;
        }
    }
}
