using Grid.Core.Storage.Coalescing;
using Grid.Core.Storage.EventRecording;

namespace Grid.Core.Storage;

/// <summary>The table side of a backend: what a table store (in memory, SQLite, PostgreSQL, MongoDB) provides.</summary>
public sealed record GridTables(ISessionTable Sessions, ITaskTable Tasks, IResultTable Results, IEventLog Events)
{
    /// <summary>
    /// The tables of a backend that cannot write a change and its event in one step: the events that transitions ask
    /// for (<see cref="TaskTransition.RecordsEvent"/>) are appended right after their change.
    /// </summary>
    public static GridTables RecordingEventsAfterChanges(ISessionTable sessions, ITaskTable tasks, IResultTable results, IEventLog events) =>
        new(sessions, new EventRecordingTaskTable(tasks, events), new EventRecordingResultTable(results, events), events);

    /// <summary>
    /// The same tables with the hot-path calls of concurrent callers merged into one round trip each (and
    /// one commit for writes): for servers where a statement costs a round trip and a commit a disk flush.
    /// </summary>
    public GridTables WithCoalescedWrites() =>
        new(new CoalescingSessionTable(Sessions), new CoalescingTaskTable(Tasks), new CoalescingResultTable(Results), new CoalescingEventLog(Events));
}
