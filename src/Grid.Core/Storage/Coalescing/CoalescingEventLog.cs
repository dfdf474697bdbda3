using Grid.Core.Model;
using Grid.Core.Storage;

namespace Grid.Core.Storage.Coalescing;

/// <summary>
/// Folds the appends that arrive while one is being written into the next single append, so that one
/// process keeps at most one append in flight. For event logs that number a session's events under a
/// per-session lock: without this, every task of a busy session queues on that one lock for a commit each.
/// </summary>
public sealed class CoalescingEventLog(IEventLog inner) : IEventLog
{
    private readonly Lock _gate = new();
    private List<PendingAppend> _pending = [];
    private bool _writing;

    public ValueTask AppendAsync(IReadOnlyList<GridEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return ValueTask.CompletedTask;
        var appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool startWriter;
        lock (_gate)
        {
            _pending.Add(new PendingAppend(events, appended));
            startWriter = !_writing;
            _writing = true;
        }
        if (startWriter) _ = Task.Run(WriteAsync, CancellationToken.None);
        // Once queued the events are written even if the caller stops waiting: an append is never half done.
        return new ValueTask(appended.Task.WaitAsync(cancellationToken));
    }

    private async Task WriteAsync()
    {
        while (true)
        {
            List<PendingAppend> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _writing = false;
                    return;
                }
                batch = _pending;
                _pending = [];
            }
            var events = batch.Count == 1 ? batch[0].Events : batch.SelectMany(p => p.Events).ToList();
            try
            {
                await inner.AppendAsync(events, CancellationToken.None).ConfigureAwait(false);
                foreach (var append in batch) append.Appended.TrySetResult();
            }
            catch (Exception e)
            {
                foreach (var append in batch) append.Appended.TrySetException(e);
            }
        }
    }

    public ValueTask<ulong> LastSequenceAsync(string sessionId, CancellationToken cancellationToken) =>
        inner.LastSequenceAsync(sessionId, cancellationToken);

    public ValueTask<IReadOnlyList<GridEvent>> ReadAsync(string sessionId, ulong afterSequence, int maxCount, CancellationToken cancellationToken) =>
        inner.ReadAsync(sessionId, afterSequence, maxCount, cancellationToken);

    public Task WaitForEventsAsync(string sessionId, ulong afterSequence, CancellationToken cancellationToken) =>
        inner.WaitForEventsAsync(sessionId, afterSequence, cancellationToken);

    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken) => inner.DeleteSessionAsync(sessionId, cancellationToken);

    private sealed record PendingAppend(IReadOnlyList<GridEvent> Events, TaskCompletionSource Appended);
}
