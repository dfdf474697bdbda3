namespace Grid.Dicom.Network;

/// <summary>DIMSE status codes (PS3.7 Annex C, PS3.4 B.2.3).</summary>
public static class DicomStatus
{
    public const ushort Success = 0x0000;
    public const ushort CoercionOfDataElements = 0xB000;
    public const ushort ElementsDiscarded = 0xB006;
    public const ushort DataSetDoesNotMatchSopClass = 0xB007;
    public const ushort SopClassNotSupported = 0x0122;
    public const ushort UnrecognizedOperation = 0x0211;
    public const ushort ProcessingFailure = 0x0110;
    public const ushort OutOfResources = 0xA700;
    public const ushort DataSetDoesNotMatchSopClassError = 0xA900;
    public const ushort CannotUnderstand = 0xC000;

    public static bool IsSuccess(ushort status) => status == Success;

    public static bool IsWarning(ushort status) => status is 0x0001 || (status & 0xF000) == 0xB000;
}
