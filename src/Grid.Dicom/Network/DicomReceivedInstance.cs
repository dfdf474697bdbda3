using Grid.Dicom.Data;

namespace Grid.Dicom.Network;

/// <summary>A completely received C-STORE instance, handed to <see cref="IDicomStoreHandler"/>.</summary>
public sealed class DicomReceivedInstance
{
    public required string CallingAeTitle { get; init; }
    public required string CalledAeTitle { get; init; }
    public required string SopClassUid { get; init; }
    public required string SopInstanceUid { get; init; }
    public required string TransferSyntaxUid { get; init; }

    /// <summary>The data set up to (excluding) pixel data.</summary>
    public required DicomDataset Metadata { get; init; }

    /// <summary>The whole instance as a Part 10 file (meta header written by us), positioned at its start; valid during the callback only.</summary>
    public required Stream Content { get; init; }

    /// <summary>
    /// Puts the instance's Part 10 file at <paramref name="path"/>, replacing a file there, flushed to disk if asked.
    /// The received file is renamed rather than copied (keep <see cref="DicomServerOptions.SpoolDirectory"/> on the
    /// same file system as <paramref name="path"/>); <see cref="Content"/> must not be used afterwards.
    /// </summary>
    public async Task SaveContentAsAsync(string path, bool flushToDisk, CancellationToken cancellationToken)
    {
        if (Content is SpoolFileStream spool)
        {
            spool.MoveTo(path, flushToDisk);
            return;
        }
        Content.Position = 0;
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 128 * 1024, FileOptions.Asynchronous);
        await Content.CopyToAsync(file, 128 * 1024, cancellationToken).ConfigureAwait(false);
        if (flushToDisk) file.Flush(flushToDisk: true);
    }
}
