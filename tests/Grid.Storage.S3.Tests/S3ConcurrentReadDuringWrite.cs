using Grid.Core.Storage;
using Grid.Storage.BackendTests;

namespace Grid.Storage.S3.Tests;

public sealed class S3ConcurrentReadDuringWrite(S3StorageFixture fixture)
    : ConcurrentReadDuringWriteTests, IClassFixture<S3StorageFixture>
{
    protected override IObjectStorage Storage => fixture.Storage;

    // s3rver's filesystem store writes a completed object straight into its final file (real S3 and MinIO
    // switch atomically); strict checks still cover the whole time the parts are being uploaded.
    protected override bool ServerReplacesObjectsAtomically => false;
}
