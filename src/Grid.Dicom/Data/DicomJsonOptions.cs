namespace Grid.Dicom.Data;

/// <summary>Choices for the DICOM JSON model output.</summary>
public sealed record DicomJsonOptions
{
    /// <summary>Returns a BulkDataURI for a binary element, or null to inline it as base64.</summary>
    public Func<DicomAttribute, string?>? BulkDataUri { get; init; }

    /// <summary>When false, binary values without a bulk data URI are left out (only the VR is written).</summary>
    public bool InlineBinary { get; init; } = true;

    public bool Indented { get; init; }
}
