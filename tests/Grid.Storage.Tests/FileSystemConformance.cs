using Grid.Core.Storage;
using Grid.Core.Storage.FileSystem;
using Grid.Storage.Conformance;

namespace Grid.Storage.Tests;

public sealed class FileSystemObjectStorageConformance : ObjectStorageConformanceTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"grid-fs-conformance-{Guid.NewGuid():N}");

    protected override Task<IObjectStorage> StorageAsync() => Task.FromResult<IObjectStorage>(new FileSystemObjectStorage(_root));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
