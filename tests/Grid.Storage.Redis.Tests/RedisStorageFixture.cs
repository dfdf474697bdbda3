using Grid.Core.Storage;
using StackExchange.Redis;

namespace Grid.Storage.Redis.Tests;

/// <summary>One storage under a key prefix of its own, shared by a test class; its keys are removed at the end.</summary>
public sealed class RedisStorageFixture : IAsyncLifetime
{
    public string KeyPrefix { get; } = $"grid-test-{Guid.NewGuid():N}:";

    public IObjectStorage Storage { get; private set; } = null!;

    /// <summary>A second connection, to look at the keys the storage leaves behind.</summary>
    public IConnectionMultiplexer Inspector { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new RedisObjectStorageOptions { Configuration = TestRedisServer.Configuration, KeyPrefix = KeyPrefix };
        Storage = await RedisBackend.OpenAsync(options, CancellationToken.None);
        Inspector = await ConnectionMultiplexer.ConnectAsync(TestRedisServer.Configuration);
    }

    public async Task<List<RedisKey>> KeysAsync(string pattern)
    {
        var server = Inspector.GetServers().Single();
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: KeyPrefix + pattern, pageSize: 1000)) keys.Add(key);
        return keys;
    }

    public async Task DisposeAsync()
    {
        if (Inspector is not null)
        {
            var database = Inspector.GetDatabase();
            foreach (var key in await KeysAsync("*")) await database.KeyDeleteAsync(key);
            await Inspector.DisposeAsync();
        }
        if (Storage is IAsyncDisposable disposable) await disposable.DisposeAsync();
    }
}
