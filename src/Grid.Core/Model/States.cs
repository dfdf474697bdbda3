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
    Dispatched = 4,
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
