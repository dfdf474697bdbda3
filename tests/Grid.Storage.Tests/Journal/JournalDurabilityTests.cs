using Grid.Core.Storage;
using Grid.Core.Storage.Journal;
using Grid.Storage.Conformance;

namespace Grid.Storage.Tests.Journal;

/// <summary>What the journal has written when a change answers, by durability setting, and how concurrent changes share a write.</summary>
public sealed class JournalDurabilityTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task With_power_loss_durability_a_change_answers_only_after_its_entry_was_flushed_to_disk()
    {
        await using var store = JournalStore.OpenStore(_folder.Path, StorageDurability.PowerLoss);
        var tables = JournaledTables.Over(store);
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            await Task.Yield();
            var before = store.Writer.Appended;
            await tables.Sessions.CreateAsync(Records.Session(Records.NewId("s")), CancellationToken.None);
            // This change's entry was added after `before` bytes: the flushes reached past them before it answered.
            Assert.True(store.Writer.FlushedToDisk > before, $"answered with {store.Writer.FlushedToDisk} bytes flushed, entry after byte {before}");
        }));
        Assert.Equal(store.Writer.Appended, store.Writer.FlushedToDisk);
    }

    [Fact]
    public async Task Without_power_loss_durability_nothing_is_flushed_to_disk_but_every_entry_is_written_before_it_answers()
    {
        await using var store = JournalStore.OpenStore(_folder.Path, StorageDurability.ProcessCrash);
        var tables = JournaledTables.Over(store);
        var journal = Directory.EnumerateFiles(_folder.Path, "*.journal").Single();
        for (var i = 0; i < 10; i++)
        {
            await tables.Sessions.CreateAsync(Records.Session(Records.NewId("s")), CancellationToken.None);
            // In the file (the operating system's cache) already: a kill -9 now would not lose it.
            Assert.Equal(store.Writer.Appended, new FileInfo(journal).Length);
        }
        Assert.Equal(0, store.Writer.FlushedToDisk);
    }

    [Fact]
    public async Task Entries_added_while_a_write_is_due_share_that_write()
    {
        var path = Path.Combine(_folder.Path, "group.journal");
        using var writer = new JournalWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0), StorageDurability.PowerLoss);
        var first = writer.Append("{\"command\":1}"u8, out var firstLeads);
        // The first caller leads; until it writes, later callers only add to its round.
        var later = Enumerable.Range(0, 50).Select(_ => (Stored: writer.Append("{\"command\":2}"u8, out var leads), Leads: leads)).ToList();
        Assert.True(firstLeads);
        Assert.All(later, l => Assert.False(l.Leads));
        Assert.False(first.IsCompleted);

        writer.WriteRounds();
        await Task.WhenAll([first, .. later.Select(l => l.Stored)]);
        Assert.Equal(1, writer.Writes);
        Assert.Equal(writer.Appended, writer.FlushedToDisk);
        Assert.Equal(51, JournalFrames.Read(path).Entries.Count);
    }
}
