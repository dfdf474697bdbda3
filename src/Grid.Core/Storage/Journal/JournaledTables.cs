namespace Grid.Core.Storage.Journal;

/// <summary>The journaled embedded tables (<see cref="JournalStore"/>): rows in memory, every change in a journal file in <c>folder</c>.</summary>
public static class JournaledTables
{
    /// <summary>Opens (or creates) the journal in <paramref name="folder"/> and rebuilds the tables from it. Disposing any of the tables closes it.</summary>
    public static GridTables Open(string folder, StorageDurability durability)
    {
        return Over(JournalStore.OpenStore(folder, durability));
    }

    internal static GridTables Over(JournalStore store)
    {
        return new GridTables(new JournaledSessionTable(store), new JournaledTaskTable(store), new JournaledResultTable(store), new JournaledEventLog(store))
        {
            SmallObjects = new JournaledSmallObjects(store),
        };
    }
}
