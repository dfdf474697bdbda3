using Grid.Core.Storage;
using Grid.Storage.Conformance;

namespace Grid.Storage.S3.Tests;

public sealed class S3ObjectStorageConformance(S3StorageFixture fixture)
    : ObjectStorageConformanceTests, IClassFixture<S3StorageFixture>
{
    protected override Task<IObjectStorage> StorageAsync() => Task.FromResult(fixture.Storage);
}
