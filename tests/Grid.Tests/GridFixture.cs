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
        Grid = await EmbeddedGrid.StartAsync(new EmbeddedGridOptions { Port = 0, DataFolder = _dataFolder, Quiet = true });
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
