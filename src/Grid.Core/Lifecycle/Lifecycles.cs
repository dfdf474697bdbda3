using Grid.Core.Model;

namespace Grid.Core.Lifecycle;

/// <summary>The one place that knows which state changes of sessions, tasks and results are allowed.</summary>
public static class Lifecycles
{
    public static readonly Lifecycle<SessionState> Session = new("session", new Dictionary<SessionState, SessionState[]>
    {
        [SessionState.Running] = [SessionState.Paused, SessionState.Cancelled, SessionState.Closed],
        [SessionState.Paused] = [SessionState.Running, SessionState.Cancelled, SessionState.Closed],
        [SessionState.Closed] = [SessionState.Cancelled, SessionState.Purged],
        // Only a purged session is deleted: deleting first would leave its data in object storage with nothing to find it by.
        [SessionState.Cancelled] = [SessionState.Purged],
        [SessionState.Purged] = [SessionState.Deleted],
        [SessionState.Deleted] = [],
    },
    // A stop asked of a session that has already ended succeeds and changes nothing: a cancelled, purged or deleted
    // session accepts and dispatches nothing more, and a deleted one has no data left.
    alreadyMet: new Dictionary<SessionState, SessionState[]>
    {
        [SessionState.Closed] = [SessionState.Cancelled, SessionState.Purged, SessionState.Deleted],
        [SessionState.Cancelled] = [SessionState.Purged, SessionState.Deleted],
        [SessionState.Purged] = [SessionState.Deleted],
    });

    public static readonly Lifecycle<TaskState> Task = new("task", new Dictionary<TaskState, TaskState[]>
    {
        // A subtask waits in Creating until its parent succeeds.
        [TaskState.Creating] = [TaskState.Pending, TaskState.Submitted, TaskState.Cancelled],
        // To Error: an input was aborted.
        [TaskState.Pending] = [TaskState.Submitted, TaskState.Cancelled, TaskState.Error],
        // To Processing: an agent takes the task under its lease, and from then on fetches its inputs and calls its worker.
        [TaskState.Submitted] = [TaskState.Processing, TaskState.Cancelled],
        // Back to Submitted: a retry, as a new attempt; or handed back without spending one (its agent is shutting
        // down, or found its session paused).
        [TaskState.Processing] = [TaskState.Completed, TaskState.Error, TaskState.Timeout, TaskState.Submitted, TaskState.Cancelled],
        [TaskState.Completed] = [],
        [TaskState.Error] = [],
        [TaskState.Timeout] = [],
        [TaskState.Cancelled] = [],
    });

    public static readonly Lifecycle<ResultState> Result = new("result", new Dictionary<ResultState, ResultState[]>
    {
        [ResultState.Created] = [ResultState.Completed, ResultState.Aborted, ResultState.Deleted],
        [ResultState.Completed] = [ResultState.Deleted],
        [ResultState.Aborted] = [ResultState.Deleted],
        [ResultState.Deleted] = [],
    });
}
