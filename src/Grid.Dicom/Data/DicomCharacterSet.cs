using System.Text;

namespace Grid.Dicom.Data;

/// <summary>
/// Text decoding per Specific Character Set (0008,0005), PS3.3 C.12.1.1.2 and PS3.5 6.1: the default repertoire,
/// ISO_IR 100, 101, 109, 110, 126, 127, 138, 144, 148, 166, 203 and 13, UTF-8 (ISO_IR 192), GB18030 and GBK, and
/// ISO 2022 code extensions with escape sequences including ISO 2022 IR 87 (JIS X 0208), IR 149 (KS X 1001) and
/// IR 58 (GB 2312). A term that cannot be decoded (unknown, or ISO 2022 IR 159: .NET has no JIS X 0212) falls back
/// to Latin-1 so that no byte is lost, and <see cref="Problem"/> says so.
/// </summary>
public static class DicomCharacterSet
{
    // Latin-1 maps every byte to a char, so default-repertoire data with stray high bytes still round-trips.
    public static Encoding Default => Encoding.Latin1;

    private static readonly Dictionary<string, DicomCharacterRepertoire> Repertoires = BuildRepertoires();

    private static Dictionary<string, DicomCharacterRepertoire> BuildRepertoires()
    {
        var table = new Dictionary<string, DicomCharacterRepertoire>(StringComparer.Ordinal);
        void SingleByte(string ir, int codePage, DicomCodeElement element, string escape)
        {
            table[$"ISO_IR {ir}"] = new($"ISO_IR {ir}", codePage, element, escape);
            table[$"ISO 2022 IR {ir}"] = new($"ISO 2022 IR {ir}", codePage, element, escape);
        }
        table[""] = DicomCharacterRepertoire.Default;
        SingleByte("6", DicomCharacterRepertoire.Ascii, DicomCodeElement.G0, "(B");
        SingleByte("100", 28591, DicomCodeElement.G1, "-A");
        SingleByte("101", 28592, DicomCodeElement.G1, "-B");
        SingleByte("109", 28593, DicomCodeElement.G1, "-C");
        SingleByte("110", 28594, DicomCodeElement.G1, "-D");
        SingleByte("144", 28595, DicomCodeElement.G1, "-L");
        SingleByte("127", 28596, DicomCodeElement.G1, "-G");
        SingleByte("126", 28597, DicomCodeElement.G1, "-F");
        SingleByte("138", 28598, DicomCodeElement.G1, "-H");
        SingleByte("148", 28599, DicomCodeElement.G1, "-M");
        SingleByte("203", 28605, DicomCodeElement.G1, "-b");
        // TIS 620 is the G1 half of Windows code page 874; JIS X 0201 Katakana is the one-byte range of Shift JIS.
        SingleByte("166", 874, DicomCodeElement.G1, "-T");
        SingleByte("13", 932, DicomCodeElement.G1, ")I");
        table["ISO 2022 IR 87"] = new("ISO 2022 IR 87", 51932, DicomCodeElement.G0TwoBytes, "$B");
        table["ISO 2022 IR 149"] = new("ISO 2022 IR 149", 51949, DicomCodeElement.G1TwoBytes, "$)C");
        table["ISO 2022 IR 58"] = new("ISO 2022 IR 58", 936, DicomCodeElement.G1TwoBytes, "$)A");
        table["ISO_IR 192"] = new("ISO_IR 192", 65001, DicomCodeElement.Whole, "");
        table["GB18030"] = new("GB18030", 54936, DicomCodeElement.Whole, "");
        table["GBK"] = new("GBK", 936, DicomCodeElement.Whole, "");
        return table;
    }

    /// <summary>Every escape sequence a value may use, whether or not its term is listed (readers should be lenient).</summary>
    internal static readonly IReadOnlyList<DicomCharacterRepertoire> EscapeRepertoires =
        Repertoires.Values.Where(r => r.Escape.Length > 0).DistinctBy(r => r.Escape)
            .Append(new DicomCharacterRepertoire("ISO 2022 IR 14", DicomCharacterRepertoire.Ascii, DicomCodeElement.G0, "(J"))
            .ToList();

    internal static Encoding EncodingOf(DicomCharacterRepertoire repertoire) => repertoire.CodePage switch
    {
        28591 => Encoding.Latin1,
        65001 => new UTF8Encoding(false),
        DicomCharacterRepertoire.Ascii => Encoding.ASCII,
        _ => CodePagesEncodingProvider.Instance.GetEncoding(repertoire.CodePage)
            ?? throw new InvalidOperationException($"Code page {repertoire.CodePage} is not available."),
    };

    private static string Normalize(string term) => term.Trim();

    public static Encoding FromSpecificCharacterSet(IReadOnlyList<string> terms)
    {
        var known = terms.Select(t => Repertoires.GetValueOrDefault(Normalize(t))).ToList();
        if (known.Count == 0) return Default;
        // Value 1 is the default repertoire; when it cannot be decoded, Latin-1 keeps every byte.
        if (known[0] is null) return Default;
        var usesExtensions = terms.Count > 1 || Normalize(terms[0]).StartsWith("ISO 2022", StringComparison.Ordinal);
        if (!usesExtensions || known[0]!.Element == DicomCodeElement.Whole)
            return known[0]!.CodePage == DicomCharacterRepertoire.Ascii ? Default : EncodingOf(known[0]!);
        return new DicomIso2022Encoding(known.Where(r => r is not null && r.Element != DicomCodeElement.Whole).ToList()!,
            initial: known[0]!);
    }

    /// <summary>Why text under these terms cannot be fully decoded, or null when every term is supported.</summary>
    public static string? Problem(IReadOnlyList<string> terms)
    {
        var unknown = terms.Select(Normalize).Where(t => !Repertoires.ContainsKey(t)).ToList();
        if (unknown.Count == 0) return null;
        var list = string.Join(", ", unknown.Select(t => $"'{t}'"));
        return unknown.Contains("ISO 2022 IR 159")
            ? $"character set {list} cannot be decoded (JIS X 0212 is not available)"
            : $"character set {list} is not one Grid can decode";
    }

    /// <summary>The Specific Character Set terms in force for a data set: its own or, for an item, its parents'.</summary>
    public static IReadOnlyList<string> TermsOf(DicomDataset dataset)
    {
        for (var ds = dataset; ds is not null; ds = ds.Parent)
        {
            if (ds.Get(DicomTags.SpecificCharacterSet) is DicomElement element)
            {
                // A missing first value stands for the default repertoire: keep it as an empty term.
                var text = Default.GetString(element.Value).TrimEnd(' ', '\0');
                return text.Length == 0 ? [] : text.Split('\\').Select(Normalize).ToArray();
            }
        }
        return [];
    }

    public static Encoding For(DicomDataset dataset, DicomVR vr) =>
        vr.UsesSpecificCharacterSet() ? FromSpecificCharacterSet(TermsOf(dataset)) : Default;
}
