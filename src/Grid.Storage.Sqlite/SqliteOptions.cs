using Grid.Core.Storage;

namespace Grid.Storage.Sqlite;

/// <summary>Where the embedded grid keeps its tables: the database file <c>grid.db</c> in <see cref="DataFolder"/>.</summary>
public sealed class SqliteOptions
{
    /// <summary>Folder of the database; created when missing.</summary>
    public string DataFolder { get; set; } = "";

    /// <summary>How long a write waits for the database lock held by another process before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>What a commit survives; set from <c>Grid:Storage:Durability</c>.</summary>
    public StorageDurability Durability { get; set; } = StorageDurability.ProcessCrash;

    public const string DatabaseFileName = "grid.db";
}
