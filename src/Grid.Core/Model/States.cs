namespace Grid.Core.Model;

// Numeric values match the public API enums (grid.v1) so that mapping is a cast.

public enum SessionState
{
    Running = 1,
    Paused = 2,
    Cancelled = 3,
    Closed = 4,
    Purged = 5,
    Deleted = 6,
}

public enum TaskState
{
    Creating = 1,
    Pending = 2,
    Submitted = 3,
    // 4 was Dispatched: taken by an agent but not yet started. Taking a task now starts it (one write instead of two).
    Processing = 5,
    Completed = 6,
    Error = 7,
    Timeout = 8,
    Cancelled = 9,
}

public enum ResultState
{
    Created = 1,
    Completed = 2,
    Aborted = 3,
    Deleted = 4,
}
