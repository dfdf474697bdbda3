using Grid.Core.Model;

namespace Grid.Core.Storage.Journal;

/// <summary>The tasks of a <see cref="JournalStore"/>: each change journaled, each read answered once what it saw is stored.</summary>
internal sealed class JournaledTaskTable(JournalStore store) : ITaskTable, IAsyncDisposable
{
    private ITaskTable Inner => store.Inner.Tasks;

    public Task CreateAsync(IReadOnlyCollection<NewTask> tasks, CancellationToken cancellationToken) =>
        store.ChangeAsync(new JournalEntry { Command = JournalCommand.CreateTasks, Tasks = [.. tasks] }, () => Inner.CreateAsync(tasks, CancellationToken.None));

    public Task<TaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken) =>
        store.ReadAsync(Inner.GetAsync(taskId, cancellationToken));

    public Task<IReadOnlyList<TaskRecord>> GetManyAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) =>
        store.ReadAsync(Inner.GetManyAsync(taskIds, cancellationToken));

    public Task<Page<TaskRecord>> ListAsync(TaskFilter filter, PageQuery<TaskSort> page, CancellationToken cancellationToken) =>
        store.ReadAsync(Inner.ListAsync(filter, page, cancellationToken));

    public Task<IReadOnlyList<TaskRecord>> FindAsync(TaskFilter filter, int limit, CancellationToken cancellationToken) =>
        store.ReadAsync(Inner.FindAsync(filter, limit, cancellationToken));

    public Task<IReadOnlyDictionary<TaskState, long>> CountByStatusAsync(TaskFilter filter, CancellationToken cancellationToken) =>
        store.ReadAsync(Inner.CountByStatusAsync(filter, cancellationToken));

    public Task<IReadOnlyList<TaskRecord>> TransitionAsync(IReadOnlyCollection<TaskTransition> transitions, CancellationToken cancellationToken) =>
        store.ChangeAsync(new JournalEntry { Command = JournalCommand.TransitionTasks, TaskTransitions = [.. transitions] },
            () => Inner.TransitionAsync(transitions, CancellationToken.None));

    public Task<IReadOnlyList<TaskRecord>> ResolveInputsAsync(IReadOnlyCollection<string> completedResultIds, DateTime at, CancellationToken cancellationToken) =>
        store.ChangeAsync(new JournalEntry { Command = JournalCommand.ResolveInputs, Ids = [.. completedResultIds], At = at },
            () => Inner.ResolveInputsAsync(completedResultIds, at, CancellationToken.None));

    public Task<IReadOnlyList<TaskRecord>> ReleaseAsync(IReadOnlyCollection<string> taskIds, DateTime at, CancellationToken cancellationToken) =>
        store.ChangeAsync(new JournalEntry { Command = JournalCommand.ReleaseTasks, Ids = [.. taskIds], At = at },
            () => Inner.ReleaseAsync(taskIds, at, CancellationToken.None));

    public Task<IReadOnlyList<TaskRecord>> FindWaitingOnAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken) =>
        store.ReadAsync(Inner.FindWaitingOnAsync(resultIds, cancellationToken));

    public Task<IReadOnlyList<string>> RenewLeasesAsync(string agentId, IReadOnlyCollection<string> taskIds, DateTime expiresAt, CancellationToken cancellationToken) =>
        store.ChangeAsync(new JournalEntry { Command = JournalCommand.RenewLeases, Id = agentId, Ids = [.. taskIds], At = expiresAt },
            () => Inner.RenewLeasesAsync(agentId, taskIds, expiresAt, CancellationToken.None));

    public Task DeleteAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) =>
        store.ChangeAsync(new JournalEntry { Command = JournalCommand.DeleteTasks, Ids = [.. taskIds] }, () => Inner.DeleteAsync(taskIds, CancellationToken.None));

    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        store.ChangeAsync(new JournalEntry { Command = JournalCommand.DeleteSessionTasks, Id = sessionId }, () => Inner.DeleteSessionAsync(sessionId, CancellationToken.None));

    public ValueTask DisposeAsync() => store.DisposeAsync();
}
