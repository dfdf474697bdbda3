namespace Grid.Dicom.Data;

/// <summary>An SQ element: a list of item data sets.</summary>
public sealed class DicomSequence(DicomTag tag, DicomVR vr = DicomVR.SQ) : DicomAttribute(tag, vr)
{
    public List<DicomDataset> Items { get; } = [];

    /// <summary>Whether the sequence was (and will be) encoded with undefined length and a sequence delimiter.</summary>
    public bool UndefinedLength { get; set; }
}
