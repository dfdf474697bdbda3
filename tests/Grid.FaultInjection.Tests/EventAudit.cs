using Grid.Api.V1;
using Grid.Client;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.FaultInjection.Tests;

/// <summary>
/// Follows the session's event log for the whole run, through every fault (the client resumes a dropped
/// stream from the last sequence it saw), and counts per task the Completed events and per result the
/// Completed events: more than one is a double completion.
/// </summary>
internal sealed class EventAudit : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;
    private readonly Dictionary<string, int> _taskCompletions = [];
    private readonly Dictionary<string, int> _resultCompletions = [];
    private readonly HashSet<string> _retried = [];
    private ulong _lastSequence;
    private long _events, _gaps;

    public EventAudit(GridSession session) => _watching = WatchAsync(session);

    private async Task WatchAsync(GridSession session)
    {
        try
        {
            await foreach (var e in session.WatchEventsAsync(0, _stop.Token))
            {
                lock (_taskCompletions)
                {
                    if (e.Sequence != _lastSequence + 1) _gaps++;
                    _lastSequence = e.Sequence;
                    _events++;
                    switch (e.EventCase)
                    {
                        case GetEventsResponse.EventOneofCase.TaskStatusChanged when e.TaskStatusChanged.Status == TaskStatus.Completed:
                            _taskCompletions[e.TaskStatusChanged.TaskId] = _taskCompletions.GetValueOrDefault(e.TaskStatusChanged.TaskId) + 1;
                            break;
                        case GetEventsResponse.EventOneofCase.TaskStatusChanged when e.TaskStatusChanged.Attempt > 1:
                            _retried.Add(e.TaskStatusChanged.TaskId);
                            break;
                        case GetEventsResponse.EventOneofCase.ResultStatusChanged when e.ResultStatusChanged.Status == ResultStatus.Completed:
                            _resultCompletions[e.ResultStatusChanged.ResultId] = _resultCompletions.GetValueOrDefault(e.ResultStatusChanged.ResultId) + 1;
                            break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Waits until the audit has seen a Completed event for <paramref name="tasks"/> different tasks.</summary>
    public async Task WaitForCompletionsAsync(int tasks, CancellationToken ct)
    {
        while (true)
        {
            if (_watching.IsCompleted) await _watching; // surfaces why the watch ended
            lock (_taskCompletions)
                if (_taskCompletions.Count >= tasks) return;
            await Task.Delay(50, ct);
        }
    }

    public AuditCounts Counts()
    {
        lock (_taskCompletions)
            return new AuditCounts(_events, _lastSequence, _gaps, _taskCompletions.Count, _taskCompletions.Count(c => c.Value > 1),
                _resultCompletions.Count, _resultCompletions.Count(c => c.Value > 1), _retried.Count,
                _taskCompletions.Where(c => c.Value > 1).Select(c => c.Key).Concat(_resultCompletions.Where(c => c.Value > 1).Select(c => c.Key)).Take(5).ToList());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _watching;
        }
        catch (Exception)
        {
            // Its failure, if any, was reported by WaitForCompletionsAsync.
        }
        _stop.Dispose();
    }
}

internal sealed record AuditCounts(
    long Events, ulong LastSequence, long Gaps, int TasksCompleted, int TasksCompletedTwice, int ResultsCompleted, int ResultsCompletedTwice,
    int TasksRetried, IReadOnlyList<string> DoubleExamples);
