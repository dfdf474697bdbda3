using Grid.Core.Storage;
using Grid.Storage.Conformance;

namespace Grid.Storage.Redis.Tests;

public sealed class RedisObjectStorageConformance(RedisStorageFixture fixture)
    : ObjectStorageConformanceTests, IClassFixture<RedisStorageFixture>
{
    protected override Task<IObjectStorage> StorageAsync() => Task.FromResult(fixture.Storage);
}
