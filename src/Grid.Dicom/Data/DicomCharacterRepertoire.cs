namespace Grid.Dicom.Data;

/// <summary>
/// A character set a Specific Character Set (0008,0005) term names (PS3.3 C.12.1.1.2): the .NET code page that
/// decodes it, the ISO 2022 code element it is invoked into and the escape sequence that designates it (PS3.3 Table
/// C.12-3, C.12-4). Sets without code extensions (UTF-8, GB18030, GBK) have no escape sequence.
/// </summary>
internal sealed record DicomCharacterRepertoire(string Name, int CodePage, DicomCodeElement Element, string Escape)
{
    /// <summary>The code page of the 7-bit repertoires: ASCII (JIS X 0201 Romaji differs in two glyphs only).</summary>
    public const int Ascii = 20127;

    public static readonly DicomCharacterRepertoire Default = new("ISO_IR 6", Ascii, DicomCodeElement.G0, "(B");
}

/// <summary>Where an ISO 2022 character set is invoked: G0 holds bytes below 0x80, G1 bytes from 0x80.</summary>
internal enum DicomCodeElement
{
    G0,
    G1,
    /// <summary>Two bytes per character in G0: JIS X 0208, decoded as EUC-JP with the high bits set.</summary>
    G0TwoBytes,
    /// <summary>Two bytes per character in G1: KS X 1001 (EUC-KR), GB 2312.</summary>
    G1TwoBytes,
    /// <summary>A whole encoding without code extensions (UTF-8, GB18030, GBK).</summary>
    Whole,
}
