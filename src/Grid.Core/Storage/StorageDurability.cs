namespace Grid.Core.Storage;

/// <summary>
/// What the embedded stores (SQLite tables, file objects) promise once they have answered that data is stored
/// (<c>Grid:Storage:Durability</c>). Servers (PostgreSQL, RabbitMQ, Redis, S3) keep their own settings.
/// </summary>
public enum StorageDurability
{
    /// <summary>
    /// The data survives <c>kill -9</c> of every process of the grid: it is in the operating system's cache, written
    /// in an order that stays consistent, when the call returns. A power cut or a kernel crash may lose the last
    /// writes (never corrupt what was stored before them). The default.
    /// </summary>
    ProcessCrash,

    /// <summary>
    /// The data also survives a power cut: files, their folders and the database's log are flushed to disk before
    /// the call returns, once per group of concurrent writes rather than once per write.
    /// </summary>
    PowerLoss,
}
