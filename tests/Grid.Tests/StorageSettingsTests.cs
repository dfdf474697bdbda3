using Grid.Backends;
using Grid.Core.Storage;
using Microsoft.Extensions.Configuration;

namespace Grid.Tests;

/// <summary>The grid-wide storage settings: durability and the size under which data stays beside the tables.</summary>
public sealed class StorageSettingsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"grid-storage-settings-{Guid.NewGuid():N}");

    [Theory]
    [InlineData("Durability", "Sometimes", "Grid:Storage:Durability: 'Sometimes' is not one of ProcessCrash, PowerLoss")]
    [InlineData("Durability", "1", "Grid:Storage:Durability: '1' is not one of ProcessCrash, PowerLoss")]
    [InlineData("SmallObjectSize", "-1", "Grid:Storage:SmallObjectSize: '-1' is not a number of bytes from 0 to 1048576")]
    [InlineData("SmallObjectSize", "lots", "Grid:Storage:SmallObjectSize: 'lots' is not a number of bytes from 0 to 1048576")]
    public async Task A_wrong_value_stops_the_start_with_a_message_naming_the_setting(string key, string value, string message)
    {
        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => OpenAsync(($"Grid:Storage:{key}", value)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task On_SQLite_and_files_small_data_is_kept_beside_the_tables_unless_turned_off()
    {
        var tiered = await OpenAsync();
        Assert.Equal(64 * 1024, Assert.IsType<TieredObjectStorage>(tiered.Objects).SmallObjectSize);
        await DisposeAsync(tiered);

        var files = await OpenAsync(("Grid:Storage:SmallObjectSize", "0"));
        Assert.IsNotType<TieredObjectStorage>(files.Objects);
        await DisposeAsync(files);
    }

    private Task<GridStorage> OpenAsync(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Grid:Storage:Tables:Kind"] = "Sqlite",
            ["Grid:Storage:Tables:Sqlite:DataFolder"] = _folder,
            ["Grid:Storage:Objects:Kind"] = "FileSystem",
            ["Grid:Storage:Objects:FileSystem:Folder"] = Path.Combine(_folder, "objects"),
        };
        foreach (var (key, value) in settings) values[key] = value;
        return GridStorageFactory.OpenAsync(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), CancellationToken.None);
    }

    private static async Task DisposeAsync(GridStorage storage)
    {
        if (storage.Tasks is IAsyncDisposable tables) await tables.DisposeAsync();
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
