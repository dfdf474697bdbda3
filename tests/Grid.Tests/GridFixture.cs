using Grid.Client;
using Grid.Hosting;

namespace Grid.Tests;

/// <summary>One embedded grid on a free loopback port, with result data on disk, shared by the tests of the "grid" collection.</summary>
public sealed class GridFixture : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), $"grid-tests-{Guid.NewGuid():N}");

    public EmbeddedGrid Grid { get; private set; } = null!;
    public GridClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Result data on disk (the 200 MB tests need it streamed, not held); tables in memory for speed.
        // The durable default (SQLite) has tests of its own.
        var options = new EmbeddedGridOptions { Port = 0, DataFolder = _dataFolder, Quiet = true };
        options.Settings["Grid:Storage:Tables:Kind"] = "InMemory";
        Grid = await EmbeddedGrid.StartAsync(options);
        Client = new GridClient(new GridClientOptions { Address = Grid.Address, DefaultDeadline = TimeSpan.FromMinutes(3) });
    }

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        await Grid.DisposeAsync();
        if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
    }
}

[CollectionDefinition("grid")]
public sealed class GridCollection : ICollectionFixture<GridFixture>;
