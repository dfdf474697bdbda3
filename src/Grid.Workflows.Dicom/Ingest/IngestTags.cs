using System.Globalization;
using Grid.Dicom.Data;

namespace Grid.Workflows.Dicom.Ingest;

/// <summary>
/// The tags of a received instance that workflow conditions can read: top-level elements with a text or number
/// value. Sequences, binary values, the file meta group and group lengths are left out. An element whose VR is
/// unknown (UN: private or unknown tags in implicit VR) is offered as text when its bytes are text, so that the
/// same data set gives the same tags whichever transfer syntax it was sent in. Text that cannot be decoded is left
/// out rather than guessed, and the Specific Character Set tag (0008,0005) then says so.
/// </summary>
internal static class IngestTags
{
    private const string SpecificCharacterSetKey = "0008,0005";

    public static Dictionary<string, string> Of(DicomDataset dataset)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var characterSetProblem = DicomCharacterSet.Problem(DicomCharacterSet.TermsOf(dataset));
        var leftOut = new List<string>();
        foreach (var attribute in dataset)
        {
            if (attribute is not DicomElement element || element.Tag.Group == 0x0002 || element.Tag.IsGroupLength) continue;
            try
            {
                if (Text(dataset, element) is not { } value) continue;
                var usesCharacterSet = element.VR.UsesSpecificCharacterSet() || element.VR == DicomVR.UN;
                if (usesCharacterSet && (value.Contains('\uFFFD') || (characterSetProblem is not null && !IsAscii(element.Value))))
                {
                    leftOut.Add(Key(element.Tag));
                    continue;
                }
                tags[Key(element.Tag)] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or OverflowException or DicomFormatException)
            {
                // A value that cannot be decoded is not offered to conditions; the instance itself is kept as sent.
            }
        }
        if (characterSetProblem is not null || leftOut.Count > 0)
        {
            var terms = tags.GetValueOrDefault(SpecificCharacterSetKey, "");
            var notDecoded = leftOut.Count == 0 ? "" : $"; not decoded, so left out: {string.Join(", ", leftOut)}";
            tags[SpecificCharacterSetKey] = characterSetProblem is not null
                ? $"{terms} ({characterSetProblem}{notDecoded})"
                : $"{terms} (text not valid in this character set{notDecoded})";
        }
        return tags;
    }

    public static string Key(DicomTag tag) => $"{tag.Group:X4},{tag.Element:X4}";

    private static string? Text(DicomDataset dataset, DicomElement element)
    {
        var vr = element.VR;
        if (vr.IsString()) return string.Join('\\', dataset.GetStrings(element.Tag));
        if (vr is DicomVR.US or DicomVR.SS or DicomVR.UL or DicomVR.SL or DicomVR.FL or DicomVR.FD or DicomVR.SV or DicomVR.UV)
            return string.Join('\\', dataset.GetNumbers(element.Tag).Select(n => n.ToString("R", CultureInfo.InvariantCulture)));
        if (vr == DicomVR.UN && LooksLikeText(element.Value))
        {
            var text = DicomCharacterSet.For(dataset, DicomVR.LO).GetString(element.Value);
            return string.Join('\\', DicomValueCodec.SplitText(text, DicomVR.LO));
        }
        return null;
    }

    /// <summary>
    /// Printable characters of any DICOM character set (bytes from 0x20, and ESC, TAB, LF, FF, CR), with at most
    /// one trailing NUL as padding. Binary numbers nearly always hold a control byte, often a NUL inside.
    /// </summary>
    private static bool LooksLikeText(byte[] value)
    {
        var length = value.Length > 0 && value[^1] == 0 ? value.Length - 1 : value.Length;
        if (length == 0) return false;
        for (var i = 0; i < length; i++)
            if (value[i] < 0x20 && value[i] is not (0x1B or 0x09 or 0x0A or 0x0C or 0x0D)) return false;
        return true;
    }

    private static bool IsAscii(byte[] value) => value.All(b => b < 0x80);
}
