namespace Grid.Dicom.Data;

/// <summary>Well-known UIDs (PS3.6 Annex A) and this implementation's own.</summary>
public static class DicomUids
{
    /// <summary>Grid's implementation class UID: a UUID-derived UID under 2.25 (PS3.5 B.2).</summary>
    public const string ImplementationClassUid = "2.25.204358667154996452305019147401261261390";
    public const string ImplementationVersionName = "GRID_DICOM_1";

    public const string ApplicationContext = "1.2.840.10008.3.1.1.1";
    public const string Verification = "1.2.840.10008.1.1";

    public const string ImplicitVRLittleEndian = "1.2.840.10008.1.2";
    public const string ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";
    public const string DeflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99";
    public const string ExplicitVRBigEndian = "1.2.840.10008.1.2.2";
    public const string JpegBaseline = "1.2.840.10008.1.2.4.50";
    public const string JpegExtended = "1.2.840.10008.1.2.4.51";
    public const string JpegLossless = "1.2.840.10008.1.2.4.70";
    public const string JpegLsLossless = "1.2.840.10008.1.2.4.80";
    public const string Jpeg2000Lossless = "1.2.840.10008.1.2.4.90";
    public const string Jpeg2000 = "1.2.840.10008.1.2.4.91";
    public const string RleLossless = "1.2.840.10008.1.2.5";

    public const string ComputedRadiographyImageStorage = "1.2.840.10008.5.1.4.1.1.1";
    public const string DigitalXRayImageStorageForPresentation = "1.2.840.10008.5.1.4.1.1.1.1";
    public const string DigitalMammographyXRayImageStorageForPresentation = "1.2.840.10008.5.1.4.1.1.1.2";
    public const string CTImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const string EnhancedCTImageStorage = "1.2.840.10008.5.1.4.1.1.2.1";
    public const string UltrasoundMultiFrameImageStorage = "1.2.840.10008.5.1.4.1.1.3.1";
    public const string MRImageStorage = "1.2.840.10008.5.1.4.1.1.4";
    public const string EnhancedMRImageStorage = "1.2.840.10008.5.1.4.1.1.4.1";
    public const string UltrasoundImageStorage = "1.2.840.10008.5.1.4.1.1.6.1";
    public const string SecondaryCaptureImageStorage = "1.2.840.10008.5.1.4.1.1.7";
    public const string XRayAngiographicImageStorage = "1.2.840.10008.5.1.4.1.1.12.1";
    public const string NuclearMedicineImageStorage = "1.2.840.10008.5.1.4.1.1.20";
    public const string BasicTextSRStorage = "1.2.840.10008.5.1.4.1.1.88.11";
    public const string EnhancedSRStorage = "1.2.840.10008.5.1.4.1.1.88.22";
    public const string EncapsulatedPdfStorage = "1.2.840.10008.5.1.4.1.1.104.1";
    public const string PositronEmissionTomographyImageStorage = "1.2.840.10008.5.1.4.1.1.128";
    public const string RTImageStorage = "1.2.840.10008.5.1.4.1.1.481.1";
    public const string RTDoseStorage = "1.2.840.10008.5.1.4.1.1.481.2";
    public const string RTStructureSetStorage = "1.2.840.10008.5.1.4.1.1.481.3";
    public const string RTPlanStorage = "1.2.840.10008.5.1.4.1.1.481.5";

    /// <summary>Storage SOP classes a store provider accepts unless configured otherwise.</summary>
    public static readonly IReadOnlyList<string> CommonStorageSopClasses =
    [
        ComputedRadiographyImageStorage, DigitalXRayImageStorageForPresentation, DigitalMammographyXRayImageStorageForPresentation,
        CTImageStorage, EnhancedCTImageStorage, UltrasoundMultiFrameImageStorage, MRImageStorage, EnhancedMRImageStorage,
        UltrasoundImageStorage, SecondaryCaptureImageStorage, XRayAngiographicImageStorage, NuclearMedicineImageStorage,
        BasicTextSRStorage, EnhancedSRStorage, EncapsulatedPdfStorage, PositronEmissionTomographyImageStorage,
        RTImageStorage, RTDoseStorage, RTStructureSetStorage, RTPlanStorage,
    ];

    /// <summary>A new globally unique UID derived from a random UUID (PS3.5 B.2).</summary>
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[17];
        Guid.NewGuid().TryWriteBytes(bytes[..16], bigEndian: true, out _);
        bytes[16] = 0;
        bytes[..16].Reverse();
        return "2.25." + new System.Numerics.BigInteger(bytes).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
