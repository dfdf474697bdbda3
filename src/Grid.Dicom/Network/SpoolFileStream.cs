namespace Grid.Dicom.Network;

/// <summary>
/// The file a received data set is written to. It is deleted when disposed unless a handler moved it to keep it:
/// keeping an instance is then a rename, not a second copy and a second new file. It is unbuffered and synchronous:
/// fragments arrive in PDU-sized pieces that go to the page cache in one write each, on the receiving thread
/// (asynchronous file writes on Linux are a hop to another thread pool thread per write).
/// </summary>
internal sealed class SpoolFileStream(string path)
    : FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.None)
{
    private bool _moved;

    public void MoveTo(string destination, bool flushToDisk)
    {
        if (flushToDisk) Flush(flushToDisk: true);
        File.Move(path, destination, overwrite: true);
        _moved = true;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        DeleteUnlessMoved();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        DeleteUnlessMoved();
    }

    private void DeleteUnlessMoved()
    {
        if (_moved) return;
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the owner of the spool folder to clear at its next start.
        }
    }
}
