using Grid.Hosting;

namespace Grid.Workflows.Dicom.Tests;

/// <summary>One in-memory embedded grid shared by the tests; each test runs its own manager host against it.</summary>
public sealed class GridFixture : IAsyncLifetime
{
    public EmbeddedGrid Grid { get; private set; } = null!;

    public async Task InitializeAsync() => Grid = await EmbeddedGrid.StartAsync(new EmbeddedGridOptions { Port = 0, Quiet = true });

    public async Task DisposeAsync() => await Grid.DisposeAsync();
}

[CollectionDefinition("dicom-grid")]
public sealed class DicomGridCollection : ICollectionFixture<GridFixture>;
