using System.IO.Compression;

namespace Grid.Dicom.Data;

/// <summary>A DICOM Part 10 file: file meta information plus the data set.</summary>
public sealed class DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset)
{
    public DicomDataset FileMetaInformation { get; } = fileMetaInformation;
    public DicomDataset Dataset { get; } = dataset;

    /// <summary>From the meta information; explicit VR little endian for a data set built in memory without one.</summary>
    public DicomTransferSyntax TransferSyntax =>
        FileMetaInformation.GetString(DicomTags.TransferSyntaxUID) is { Length: > 0 } uid
            ? DicomTransferSyntax.FromUid(uid)
            : DicomTransferSyntax.ExplicitVRLittleEndian;

    public static DicomFile Open(string path, DicomReadOptions? options = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Read(stream, options);
    }

    /// <summary>Reads from the stream's current position; with <see cref="DicomReadOptions.MetadataOnly"/> stops before pixel data.</summary>
    public static DicomFile Read(Stream stream, DicomReadOptions? options = null)
    {
        // Metadata is a few kilobytes: a smaller buffer reads (and copies) less of what follows it.
        var input = new DicomInputBuffer(stream, options?.StopBeforeTag is null ? 64 * 1024 : 8 * 1024);
        var meta = DicomFileMetaInformation.Read(input);
        var syntax = DicomTransferSyntax.FromUid(meta.GetString(DicomTags.TransferSyntaxUID)!);
        var dataset = ReadDataset(input, syntax, options);
        return new DicomFile(meta, dataset);
    }

    /// <summary>Reads a bare data set (no Part 10 header) in the given transfer syntax.</summary>
    public static DicomDataset ReadDataset(DicomInputBuffer input, DicomTransferSyntax syntax, DicomReadOptions? options = null)
    {
        if (syntax.IsDeflated)
            input = new DicomInputBuffer(new DeflateStream(input.RemainderAsStream(), CompressionMode.Decompress));
        var stop = options?.StopBeforeTag;
        return new DicomDatasetReader(input, syntax).Read(stop is { } s ? tag => tag >= s : null);
    }

    public void Save(string path, DicomTransferSyntax? syntax = null)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(stream, syntax);
    }

    /// <summary>Writes a Part 10 file in <paramref name="syntax"/> (default: the current one) with our implementation identity.</summary>
    public void Write(Stream output, DicomTransferSyntax? syntax = null)
    {
        syntax ??= TransferSyntax;
        var hasFragments = Dataset.Get(DicomTags.PixelData) is DicomFragmentSequence;
        if (Dataset.Contains(DicomTags.PixelData) && syntax.IsEncapsulated != hasFragments)
            throw new InvalidOperationException($"Pixel data is {(hasFragments ? "" : "not ")}encapsulated; cannot write it as {syntax}.");
        FileMetaInformation.SetString(DicomTags.TransferSyntaxUID, syntax.Uid);
        if (!FileMetaInformation.Contains(DicomTags.MediaStorageSOPClassUID) && Dataset.GetString(DicomTags.SOPClassUID) is { } sopClass)
            FileMetaInformation.SetString(DicomTags.MediaStorageSOPClassUID, sopClass);
        if (!FileMetaInformation.Contains(DicomTags.MediaStorageSOPInstanceUID) && Dataset.GetString(DicomTags.SOPInstanceUID) is { } sopInstance)
            FileMetaInformation.SetString(DicomTags.MediaStorageSOPInstanceUID, sopInstance);
        DicomFileMetaInformation.Complete(FileMetaInformation);
        DicomFileMetaInformation.Write(output, FileMetaInformation);
        WriteDataset(output, Dataset, syntax);
    }

    public static void WriteDataset(Stream output, DicomDataset dataset, DicomTransferSyntax syntax)
    {
        if (!syntax.IsDeflated)
        {
            new DicomDatasetWriter(output, syntax).Write(dataset);
            return;
        }
        using var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true);
        new DicomDatasetWriter(deflate, syntax).Write(dataset);
    }
}
