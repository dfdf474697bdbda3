namespace Grid.Workflows.Dicom.Ingest;

/// <summary>The metadata kept beside each received instance (its <c>.json</c> file; the <c>.dcm</c> file is the instance).</summary>
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
}
