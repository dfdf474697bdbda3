namespace Grid.Dicom.Data;

/// <summary>
/// Encapsulated pixel data (PS3.5 A.4): undefined-length OB/OW holding items; the first is the basic
/// offset table (possibly empty). Fragments are carried through untouched.
/// </summary>
public sealed class DicomFragmentSequence(DicomTag tag, DicomVR vr) : DicomAttribute(tag, vr)
{
    public List<byte[]> Fragments { get; } = [];
}
