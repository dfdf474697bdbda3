namespace Grid.Dicom.Data;

/// <summary>How a data set is encoded: VR explicit or implicit, byte order, deflate, encapsulated pixel data.</summary>
public sealed record DicomTransferSyntax(string Uid, bool IsExplicitVR, bool IsLittleEndian, bool IsDeflated, bool IsEncapsulated)
{
    public static readonly DicomTransferSyntax ImplicitVRLittleEndian = new(DicomUids.ImplicitVRLittleEndian, false, true, false, false);
    public static readonly DicomTransferSyntax ExplicitVRLittleEndian = new(DicomUids.ExplicitVRLittleEndian, true, true, false, false);
    public static readonly DicomTransferSyntax ExplicitVRBigEndian = new(DicomUids.ExplicitVRBigEndian, true, false, false, false);
    public static readonly DicomTransferSyntax DeflatedExplicitVRLittleEndian = new(DicomUids.DeflatedExplicitVRLittleEndian, true, true, true, false);

    /// <summary>Any UID not listed as native is taken as explicit VR little endian with encapsulated pixel data (PS3.5 A.4).</summary>
    public static DicomTransferSyntax FromUid(string uid) => uid switch
    {
        DicomUids.ImplicitVRLittleEndian => ImplicitVRLittleEndian,
        DicomUids.ExplicitVRLittleEndian => ExplicitVRLittleEndian,
        DicomUids.ExplicitVRBigEndian => ExplicitVRBigEndian,
        DicomUids.DeflatedExplicitVRLittleEndian => DeflatedExplicitVRLittleEndian,
        _ => new DicomTransferSyntax(uid, true, true, false, true),
    };

    public override string ToString() => Uid;
}
