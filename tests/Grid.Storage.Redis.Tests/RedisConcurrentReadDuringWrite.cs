using Grid.Core.Storage;
using Grid.Storage.BackendTests;

namespace Grid.Storage.Redis.Tests;

public sealed class RedisConcurrentReadDuringWrite(RedisStorageFixture fixture)
    : ConcurrentReadDuringWriteTests, IClassFixture<RedisStorageFixture>
{
    protected override IObjectStorage Storage => fixture.Storage;
}
