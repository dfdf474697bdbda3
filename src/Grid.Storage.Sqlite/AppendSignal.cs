namespace Grid.Storage.Sqlite;

/// <summary>Wakes every in-process waiter after an append; a waiter takes <see cref="Next"/> before checking the log, so no append is missed.</summary>
internal sealed class AppendSignal
{
    private TaskCompletionSource _next = NewSource();

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
