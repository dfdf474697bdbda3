using Grid.Core.Storage;
using Grid.Core.Storage.FileSystem;
using Grid.Core.Storage.Journal;
using Grid.Storage.Conformance;

namespace Grid.Storage.Tests.Journal;

/// <summary>The default grid's tables (in memory, every change journaled) keep the contract of every table store.</summary>
public sealed class JournaledTableConformance : TableConformanceTests, IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private GridTables? _tables;

    protected override Task<(ISessionTable Sessions, ITaskTable Tasks, IResultTable Results, IEventLog Events)> TablesAsync()
    {
        _tables ??= JournaledTables.Open(_folder.Path, StorageDurability.ProcessCrash);
        return Task.FromResult((_tables.Sessions, _tables.Tasks, _tables.Results, _tables.Events));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_tables?.Tasks is IAsyncDisposable tables) await tables.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>The default grid's object storage: small data in the journal with the rows, larger data in files (threshold 1 KiB here).</summary>
public sealed class JournaledTieredObjectStorageConformance : ObjectStorageConformanceTests, IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private GridTables? _tables;

    protected override Task<IObjectStorage> StorageAsync()
    {
        _tables ??= JournaledTables.Open(Path.Combine(_folder.Path, "journal"), StorageDurability.ProcessCrash);
        return Task.FromResult<IObjectStorage>(new TieredObjectStorage(_tables.SmallObjects!, new FileSystemObjectStorage(Path.Combine(_folder.Path, "objects")), 1024));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_tables?.Tasks is IAsyncDisposable tables) await tables.DisposeAsync();
        _folder.Dispose();
    }
}
