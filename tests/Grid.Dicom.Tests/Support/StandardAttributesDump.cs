namespace Grid.Dicom.Tests.Support;

/// <summary>
/// dump2dcm lines (appended to <see cref="TestDumps.Image"/>) of attributes the old hand-typed dictionary lacked: a
/// CS attribute, a sequence in an item of a sequence, a "US or SS" attribute, and a private text element.
/// </summary>
public static class StandardAttributesDump
{
    public const string PrivateText = "GRID PRIVATE TEXT";

    public static string Lines(bool signedPixels = false) => $"""
        (0018,5101) CS [PA]
        (0028,0103) US {(signedPixels ? 1 : 0)}
        (0028,0106) {(signedPixels ? "SS" : "US")} 3
        (0029,1012) LO [{PrivateText}]
        (0040,a730) SQ (Sequence with explicit length)
          (fffe,e000) na (Item with explicit length)
            (0040,a010) CS [CONTAINS]
            (0040,a040) CS [TEXT]
            (0040,a043) SQ (Sequence with explicit length)
              (fffe,e000) na (Item with explicit length)
                (0008,0100) SH [121071]
                (0008,0102) SH [DCM]
                (0008,0104) LO [Finding]
              (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
            (0040,a160) UT [No abnormality]
          (fffe,e00d) na (ItemDelimitationItem)
        (fffe,e0dd) na (SequenceDelimitationItem)

        """.Replace("\r", "");
}
