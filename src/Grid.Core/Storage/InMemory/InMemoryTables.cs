namespace Grid.Core.Storage.InMemory;

public static class InMemoryTables
{
    /// <summary>A fresh set of in-memory tables sharing one event log.</summary>
    public static GridTables Create() =>
        GridTables.RecordingEventsAfterChanges(new InMemorySessionTable(), new InMemoryTaskTable(), new InMemoryResultTable(), new InMemoryEventLog());
}
