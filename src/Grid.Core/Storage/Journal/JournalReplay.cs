using Grid.Core.Model;

namespace Grid.Core.Storage.Journal;

/// <summary>Applies one journal entry to the store's tables: a call again on the composed tables, a snapshot's rows as they were on the raw ones.</summary>
internal static class JournalReplay
{
    public static void Apply(JournalStore store, JournalEntry entry)
    {
        try
        {
            Run(store, entry).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            // The call failed when it was made, and fails again at the same point: what it changed before failing is
            // replayed too. (The checksum of each entry rules out reading a damaged one.)
        }
    }

    private static Task Run(JournalStore store, JournalEntry entry)
    {
        var tables = store.Inner;
        var none = CancellationToken.None;
        return entry.Command switch
        {
            JournalCommand.CreateSession => tables.Sessions.CreateAsync(entry.Sessions![0], none),
            JournalCommand.TransitionSession => tables.Sessions.TryTransitionAsync(entry.Id!, entry.From!.Value, entry.To!.Value, entry.At!.Value, none),
            JournalCommand.CreateTasks => tables.Tasks.CreateAsync(entry.Tasks!.ToList(), none),
            JournalCommand.TransitionTasks => tables.Tasks.TransitionAsync(entry.TaskTransitions!.ToList(), none),
            JournalCommand.ResolveInputs => tables.Tasks.ResolveInputsAsync(entry.Ids!.ToList(), entry.At!.Value, none),
            JournalCommand.ReleaseTasks => tables.Tasks.ReleaseAsync(entry.Ids!.ToList(), entry.At!.Value, none),
            JournalCommand.RenewLeases => tables.Tasks.RenewLeasesAsync(entry.Id!, entry.Ids!.ToList(), entry.At!.Value, none),
            JournalCommand.DeleteTasks => tables.Tasks.DeleteAsync(entry.Ids!.ToList(), none),
            JournalCommand.DeleteSessionTasks => tables.Tasks.DeleteSessionAsync(entry.Id!, none),
            JournalCommand.CreateResults => tables.Results.CreateAsync(entry.Results!.ToList(), none),
            JournalCommand.SetResultOwners => tables.Results.SetOwnersAsync(entry.Owners!.Select(o => (o.ResultId, o.OwnerTaskId)).ToList(), none),
            JournalCommand.TransitionResults => tables.Results.TransitionAsync(entry.ResultTransitions!.ToList(), none),
            JournalCommand.DeleteSessionResults => tables.Results.DeleteSessionAsync(entry.Id!, none),
            JournalCommand.AppendEvents => tables.Events.AppendAsync(entry.Events!, none).AsTask(),
            JournalCommand.DeleteSessionEvents => tables.Events.DeleteSessionAsync(entry.Id!, none),
            JournalCommand.WriteObject => store.RawObjects.WriteAsync(entry.Id!, entry.Data!, none),
            JournalCommand.DeleteObjects => store.RawObjects.DeleteAsync(entry.Ids!.ToList(), none),

            JournalCommand.RestoreSessions => RestoreSessions(store, entry.Sessions!),
            JournalCommand.RestoreTasks => store.RawTasks.CreateAsync(entry.Tasks!.ToList(), none),
            JournalCommand.RestoreResults => store.RawResults.CreateAsync(entry.Results!.ToList(), none),
            JournalCommand.RestoreEvents => store.RawEvents.AppendAsync(entry.Events!, none).AsTask(),
            JournalCommand.RestoreObject => store.RawObjects.WriteAsync(entry.Id!, entry.Data!, none),
            _ => throw new InvalidDataException($"journal entry of unknown kind {(int)entry.Command}: written by a newer grid?"),
        };
    }

    private static Task RestoreSessions(JournalStore store, IReadOnlyList<SessionRecord> sessions)
    {
        foreach (var session in sessions) store.RawSessions.CreateAsync(session, CancellationToken.None);
        return Task.CompletedTask;
    }
}
