using Grid.Dicom.Data;

namespace Grid.Workflows.Dicom.Ingest;

/// <summary>What a workflow trigger needs of a received instance, read from its Part 10 file.</summary>
public sealed record IngestedInstance
{
    public required string SopInstanceUid { get; init; }
    public required string SopClassUid { get; init; }
    public required string TransferSyntaxUid { get; init; }
    public required string StudyInstanceUid { get; init; }
    public required string SeriesInstanceUid { get; init; }

    /// <summary>The top-level text and number elements, keyed "gggg,eeee", multiple values joined by a backslash.</summary>
    public required Dictionary<string, string> Tags { get; init; }

    /// <summary>The data set without pixel data in the DICOM JSON model (PS3.18 F.2), binary values left out.</summary>
    public required string DicomJson { get; init; }

    /// <summary>Reads the meta information and the data set up to pixel data.</summary>
    public static IngestedInstance Read(string path)
    {
        var file = DicomFile.Open(path, DicomReadOptions.MetadataOnly);
        var metadata = file.Dataset;
        return new IngestedInstance
        {
            SopInstanceUid = file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID) ?? "",
            SopClassUid = file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPClassUID) ?? "",
            TransferSyntaxUid = file.TransferSyntax.Uid,
            StudyInstanceUid = metadata.GetString(DicomTags.StudyInstanceUID) ?? "",
            SeriesInstanceUid = metadata.GetString(DicomTags.SeriesInstanceUID) ?? "",
            Tags = IngestTags.Of(metadata),
            DicomJson = DicomJsonWriter.ToJson(metadata, new DicomJsonOptions { InlineBinary = false }),
        };
    }
}
