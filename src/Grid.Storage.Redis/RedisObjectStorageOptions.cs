namespace Grid.Storage.Redis;

public sealed class RedisObjectStorageOptions
{
    /// <summary>A StackExchange.Redis configuration string, for example <c>127.0.0.1:6379</c>.</summary>
    public string Configuration { get; set; } = "";

    /// <summary>Prepended to every Redis key this storage uses, so that several grids can share one server.</summary>
    public string KeyPrefix { get; set; } = "grid:";

    /// <summary>Bytes per stored chunk (one hash field each).</summary>
    public int ChunkSize { get; set; } = 1 << 20;
}
