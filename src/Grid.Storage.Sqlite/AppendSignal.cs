namespace Grid.Storage.Sqlite;

/// <summary>Wakes the in-process waiters of one session after an append; used once, then replaced.</summary>
internal sealed class AppendSignal
{
    private readonly TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => _next.Task;

    public void Pulse() => _next.TrySetResult();
}
