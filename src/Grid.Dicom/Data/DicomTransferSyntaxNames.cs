namespace Grid.Dicom.Data;

/// <summary>Readable names of the transfer syntaxes (PS3.6 Table A-1), for messages.</summary>
public static class DicomTransferSyntaxNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        [DicomUids.ImplicitVRLittleEndian] = "Implicit VR Little Endian",
        [DicomUids.ExplicitVRLittleEndian] = "Explicit VR Little Endian",
        [DicomUids.DeflatedExplicitVRLittleEndian] = "Deflated Explicit VR Little Endian",
        [DicomUids.ExplicitVRBigEndian] = "Explicit VR Big Endian",
        [DicomUids.JpegBaseline] = "JPEG Baseline",
        [DicomUids.JpegExtended] = "JPEG Extended",
        ["1.2.840.10008.1.2.4.57"] = "JPEG Lossless",
        [DicomUids.JpegLossless] = "JPEG Lossless SV1",
        [DicomUids.JpegLsLossless] = "JPEG-LS Lossless",
        ["1.2.840.10008.1.2.4.81"] = "JPEG-LS Near-Lossless",
        [DicomUids.Jpeg2000Lossless] = "JPEG 2000 Lossless",
        [DicomUids.Jpeg2000] = "JPEG 2000",
        [DicomUids.RleLossless] = "RLE Lossless",
    };

    /// <summary>"Name (UID)", or the UID alone when the name is not known.</summary>
    public static string Describe(string uid) => Names.TryGetValue(uid, out var name) ? $"{name} ({uid})" : uid;
}
