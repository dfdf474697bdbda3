using Grid.Storage.Conformance;
using System.Collections.Concurrent;
using Grid.Core.Storage;
using Grid.Core.Storage.FileSystem;

namespace Grid.Storage.Sqlite.Tests;

/// <summary>
/// With <see cref="StorageDurability.PowerLoss"/>, every acknowledged write is on disk before it is acknowledged: the file
/// and its folder are flushed (observed through the file layer's seams) and SQLite flushes its log at every commit.
/// </summary>
[Collection("file-flush seams")]
public sealed class PowerLossDurabilityTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_file_and_its_folder_are_flushed_before_the_write_returns()
    {
        var flushedFiles = new ConcurrentBag<string>();
        var flushedFolders = new ConcurrentBag<string>();
        FileSystemObjectStorage.FileFlushed = flushedFiles.Add;
        FileSystemObjectStorage.FolderFlushed = flushedFolders.Add;
        try
        {
            var storage = new FileSystemObjectStorage(_folder.Path, StorageDurability.PowerLoss);
            // All keys share one shard folder ("ab"), written at once.
            var keys = Enumerable.Range(0, 64).Select(i => $"ab-{i}").ToList();
            await Task.WhenAll(keys.Select(async key =>
            {
                await storage.WriteAsync(key, Chunks([1, 2, 3]), CancellationToken.None);
                // Acknowledged: the flushes happened before the write returned.
                Assert.Contains(flushedFiles, f => Path.GetFileName(f) == key);
                Assert.Contains(Path.Combine(_folder.Path, "ab"), flushedFolders);
            }));
            Assert.Equal(64, flushedFiles.Count);
            // The new shard folder's entry was flushed in the root too.
            Assert.Contains(_folder.Path, flushedFolders);
        }
        finally
        {
            FileSystemObjectStorage.FileFlushed = null;
            FileSystemObjectStorage.FolderFlushed = null;
        }
    }

    [Fact]
    public async Task Without_power_loss_durability_nothing_is_flushed_on_the_write_path()
    {
        var flushed = 0;
        FileSystemObjectStorage.FileFlushed = _ => Interlocked.Increment(ref flushed);
        try
        {
            var storage = new FileSystemObjectStorage(_folder.Path);
            await storage.WriteAsync("cd-1", Chunks([1]), CancellationToken.None);
            Assert.Equal(0, flushed);
        }
        finally
        {
            FileSystemObjectStorage.FileFlushed = null;
        }
    }

    [Theory]
    [InlineData(StorageDurability.ProcessCrash, 1)] // NORMAL: the log is flushed at checkpoints only
    [InlineData(StorageDurability.PowerLoss, 2)]    // FULL: the log is flushed at every commit
    public async Task SQLite_flushes_its_log_at_every_commit_only_with_power_loss_durability(StorageDurability durability, long synchronous)
    {
        using var folder = new TempFolder();
        await using var database = await SqliteBackend.OpenDatabaseAsync(new SqliteOptions { DataFolder = folder.Path, Durability = durability }, CancellationToken.None);
        var setting = await database.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "PRAGMA synchronous";
            return Convert.ToInt64(command.ExecuteScalar());
        }, CancellationToken.None);
        Assert.Equal(synchronous, setting);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] data)
    {
        yield return data;
        await Task.CompletedTask;
    }

    public void Dispose() => _folder.Dispose();
}
