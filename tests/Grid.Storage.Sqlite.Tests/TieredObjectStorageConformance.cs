using Grid.Core.Storage;
using Grid.Core.Storage.FileSystem;
using Grid.Storage.Conformance;

namespace Grid.Storage.Sqlite.Tests;

/// <summary>
/// The default grid's object storage: data up to a threshold in the SQLite database, larger data in files. The threshold
/// is low here (1 KiB) so that the suite's objects land on both sides and cross from one to the other when rewritten.
/// </summary>
[Trait("Backend", "Sqlite")]
public sealed class TieredObjectStorageConformance(SqliteDatabaseFixture fixture) : ObjectStorageConformanceTests, IClassFixture<SqliteDatabaseFixture>, IDisposable
{
    private readonly TempFolder _files = new();

    protected override Task<IObjectStorage> StorageAsync() =>
        Task.FromResult<IObjectStorage>(new TieredObjectStorage(fixture.Database.Tables.SmallObjects!, new FileSystemObjectStorage(_files.Path), 1024));

    [Fact]
    public async Task Small_data_goes_to_the_database_and_large_data_to_a_file()
    {
        var storage = await StorageAsync();
        await storage.WriteAsync("small-one", Chunks(new byte[1024]), CancellationToken.None);
        await storage.WriteAsync("large-one", Chunks(new byte[1025]), CancellationToken.None);
        var files = Directory.EnumerateFiles(_files.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.Equal(["large-one"], files);
        Assert.NotNull(await fixture.Database.Tables.SmallObjects!.TryReadAsync("small-one", CancellationToken.None));
        Assert.Null(await fixture.Database.Tables.SmallObjects!.TryReadAsync("large-one", CancellationToken.None));
    }

    [Fact]
    public async Task Rewriting_a_small_object_large_leaves_no_small_copy_to_shadow_it()
    {
        var storage = await StorageAsync();
        await storage.WriteAsync("grows", Chunks([1, 2, 3]), CancellationToken.None);
        await storage.WriteAsync("grows", Chunks(Enumerable.Repeat((byte)7, 5000).ToArray()), CancellationToken.None);
        var read = new List<byte>();
        await foreach (var chunk in storage.ReadAsync("grows", 4096, CancellationToken.None)) read.AddRange(chunk.ToArray());
        Assert.Equal(5000, read.Count);
        Assert.All(read, b => Assert.Equal(7, b));
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] data)
    {
        yield return data;
        await Task.CompletedTask;
    }

    public void Dispose() => _files.Dispose();
}
