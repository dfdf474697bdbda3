using Grid.Core.Storage.Chaining;
using Grid.Core.Storage.Coalescing;
using Grid.Core.Storage.EventRecording;

namespace Grid.Core.Storage;

/// <summary>The table side of a backend: what a table store (in memory, SQLite, PostgreSQL, MongoDB) provides.</summary>
public sealed record GridTables(ISessionTable Sessions, ITaskTable Tasks, IResultTable Results, IEventLog Events)
{
    /// <summary>Where this table store keeps small result data beside its rows, if it can (see <see cref="TieredObjectStorage"/>).</summary>
    public ISmallObjectStore? SmallObjects { get; init; }

    /// <summary>
    /// The tables of a backend that cannot write several rows in one step: the events that changes ask for
    /// (<see cref="TaskTransition.RecordsEvent"/>, creations) are appended right after their change, and the result
    /// changes that go with a task's (<see cref="TaskTransition.ResultTransitions"/>, <see cref="NewTask.OwnsOutputs"/>)
    /// are applied right after it.
    /// </summary>
    public static GridTables RecordingEventsAfterChanges(ISessionTable sessions, ITaskTable tasks, IResultTable results, IEventLog events)
    {
        var recordingResults = new EventRecordingResultTable(results, events);
        return new(sessions, new ChainedResultChangesTaskTable(new EventRecordingTaskTable(tasks, events), recordingResults), recordingResults, events);
    }

    /// <summary>
    /// The same tables with the hot-path calls of concurrent callers merged into one round trip each (and
    /// one commit for writes): for servers where a statement costs a round trip and a commit a disk flush.
    /// </summary>
    public GridTables WithCoalescedWrites() =>
        new(new CoalescingSessionTable(Sessions), new CoalescingTaskTable(Tasks), new CoalescingResultTable(Results), new CoalescingEventLog(Events))
        {
            SmallObjects = SmallObjects,
        };
}
