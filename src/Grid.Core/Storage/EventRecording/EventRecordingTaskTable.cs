using Grid.Core.Model;

namespace Grid.Core.Storage.EventRecording;

/// <summary>
/// For a backend that cannot write a task's change and its event in one step: appends the status event of each
/// applied transition that asks for one (<see cref="TaskTransition.RecordsEvent"/>), and the NewTask event of each
/// created task, right after the change.
/// </summary>
public sealed class EventRecordingTaskTable(ITaskTable inner, IEventLog events) : DelegatingTaskTable(inner)
{
    public override async Task<IReadOnlyList<TaskRecord>> TransitionAsync(IReadOnlyCollection<TaskTransition> transitions, CancellationToken cancellationToken)
    {
        var changed = await Inner.TransitionAsync(transitions, cancellationToken).ConfigureAwait(false);
        var recorded = TaskTransition.EventsOf(transitions, changed);
        if (recorded.Count > 0) await events.AppendAsync(recorded, cancellationToken).ConfigureAwait(false);
        return changed;
    }

    public override async Task CreateAsync(IReadOnlyCollection<NewTask> tasks, CancellationToken cancellationToken)
    {
        await Inner.CreateAsync(tasks, cancellationToken).ConfigureAwait(false);
        await events.AppendAsync(tasks.Select(t => GridEvent.ForNewTask(t.Task, t.Task.CreatedAt)).ToList(), cancellationToken).ConfigureAwait(false);
    }
}
