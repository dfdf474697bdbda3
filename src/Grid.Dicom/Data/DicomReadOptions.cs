namespace Grid.Dicom.Data;

/// <summary>How much of a data set to read.</summary>
public sealed record DicomReadOptions
{
    /// <summary>Stop at the first top-level element with this tag or above (not read, not consumed).</summary>
    public DicomTag? StopBeforeTag { get; init; }

    public static readonly DicomReadOptions Everything = new();

    /// <summary>Reads the metadata only: everything before Pixel Data (and the float pixel data variants).</summary>
    public static readonly DicomReadOptions MetadataOnly = new() { StopBeforeTag = new DicomTag(0x7FE0, 0x0008) };
}
