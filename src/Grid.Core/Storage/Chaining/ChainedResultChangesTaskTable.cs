using Grid.Core.Model;

namespace Grid.Core.Storage.Chaining;

/// <summary>
/// For a backend that cannot change tasks and results in one step: applies the result changes that go with a task's
/// right after it: the result transitions of each task transition that applied (<see cref="TaskTransition.ResultTransitions"/>)
/// and the owners of the outputs of created tasks (<see cref="NewTask.OwnsOutputs"/>).
/// </summary>
public sealed class ChainedResultChangesTaskTable(ITaskTable inner, IResultTable results) : DelegatingTaskTable(inner)
{
    public override async Task<IReadOnlyList<TaskRecord>> TransitionAsync(IReadOnlyCollection<TaskTransition> transitions, CancellationToken cancellationToken)
    {
        var changed = await Inner.TransitionAsync(transitions, cancellationToken).ConfigureAwait(false);
        var following = TaskTransition.ResultTransitionsOf(transitions, changed);
        if (following.Count > 0) await results.TransitionAsync(following, cancellationToken).ConfigureAwait(false);
        return changed;
    }

    public override async Task CreateAsync(IReadOnlyCollection<NewTask> tasks, CancellationToken cancellationToken)
    {
        await Inner.CreateAsync(tasks, cancellationToken).ConfigureAwait(false);
        var owners = NewTask.OutputOwners(tasks);
        if (owners.Count > 0) await results.SetOwnersAsync(owners, cancellationToken).ConfigureAwait(false);
    }
}
