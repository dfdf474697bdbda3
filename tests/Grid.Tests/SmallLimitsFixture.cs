using Grid.Client;
using Grid.Hosting;

namespace Grid.Tests;

/// <summary>An embedded grid, all in memory, whose every <c>Grid:Limits</c> setting is small, so that exceeding one is quick.</summary>
public sealed class SmallLimitsFixture : IAsyncLifetime
{
    public const int MaxMessageSize = 64 << 10;
    public const int MaxTasksPerBatch = 3;
    public const int MaxResultsPerBatch = 3;
    public const int MaxDependenciesPerTask = 2;
    public const int MaxChunkSize = 1024;
    public const int MaxInlineDataSize = 512;
    public const int MaxSubtaskDepth = 3;

    public EmbeddedGrid Grid { get; private set; } = null!;
    public GridClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new EmbeddedGridOptions { Port = 0, DataFolder = null, Quiet = true };
        options.Settings["Grid:Limits:MaxMessageSize"] = MaxMessageSize.ToString();
        options.Settings["Grid:Limits:MaxTasksPerBatch"] = MaxTasksPerBatch.ToString();
        options.Settings["Grid:Limits:MaxResultsPerBatch"] = MaxResultsPerBatch.ToString();
        options.Settings["Grid:Limits:MaxDependenciesPerTask"] = MaxDependenciesPerTask.ToString();
        options.Settings["Grid:Limits:MaxChunkSize"] = MaxChunkSize.ToString();
        options.Settings["Grid:Limits:MaxInlineDataSize"] = MaxInlineDataSize.ToString();
        options.Settings["Grid:Limits:MaxSubtaskDepth"] = MaxSubtaskDepth.ToString();
        Grid = await EmbeddedGrid.StartAsync(options);
        Client = new GridClient(new GridClientOptions { Address = Grid.Address, DefaultDeadline = TimeSpan.FromMinutes(2) });
    }

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        await Grid.DisposeAsync();
    }
}

[CollectionDefinition("small limits")]
public sealed class SmallLimitsCollection : ICollectionFixture<SmallLimitsFixture>;
