namespace Grid.Dicom.Data;

/// <summary>Encoding rules per value representation.</summary>
public static class DicomVRInfo
{
    /// <summary>In explicit VR the VR is followed by 2 reserved bytes and a 32 bit length (PS3.5 7.1.2).</summary>
    public static bool HasLongExplicitLength(this DicomVR vr) => vr is
        DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL or DicomVR.OV or DicomVR.OW or
        DicomVR.SQ or DicomVR.SV or DicomVR.UC or DicomVR.UN or DicomVR.UR or DicomVR.UT or DicomVR.UV;

    public static bool IsString(this DicomVR vr) => vr is
        DicomVR.AE or DicomVR.AS or DicomVR.CS or DicomVR.DA or DicomVR.DS or DicomVR.DT or DicomVR.IS or
        DicomVR.LO or DicomVR.LT or DicomVR.PN or DicomVR.SH or DicomVR.ST or DicomVR.TM or DicomVR.UC or
        DicomVR.UI or DicomVR.UR or DicomVR.UT;

    /// <summary>Text VRs whose bytes are interpreted with the Specific Character Set; the others are always ASCII.</summary>
    public static bool UsesSpecificCharacterSet(this DicomVR vr) => vr is
        DicomVR.LO or DicomVR.LT or DicomVR.PN or DicomVR.SH or DicomVR.ST or DicomVR.UC or DicomVR.UT;

    /// <summary>These text VRs hold one value; a backslash in them is data, not a separator.</summary>
    public static bool IsSingleValuedText(this DicomVR vr) => vr is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR;

    public static bool IsBinary(this DicomVR vr) => vr is
        DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL or DicomVR.OV or DicomVR.OW or DicomVR.UN;

    public static byte PaddingByte(this DicomVR vr) => vr is DicomVR.UI || vr.IsBinary() ? (byte)0 : (byte)' ';

    /// <summary>Size of the unit whose byte order flips between little and big endian; 1 means none.</summary>
    public static int ByteSwapUnit(this DicomVR vr) => vr switch
    {
        DicomVR.US or DicomVR.SS or DicomVR.OW or DicomVR.AT => 2,
        DicomVR.UL or DicomVR.SL or DicomVR.FL or DicomVR.OF or DicomVR.OL => 4,
        DicomVR.FD or DicomVR.OD or DicomVR.OV or DicomVR.SV or DicomVR.UV => 8,
        _ => 1,
    };

    public static bool TryParse(byte first, byte second, out DicomVR vr)
    {
        vr = default;
        if (first < 'A' || first > 'Z' || second < 'A' || second > 'Z') return false;
        return Enum.TryParse(new string([(char)first, (char)second]), out vr) && Enum.IsDefined(vr);
    }
}
