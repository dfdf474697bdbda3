using System.Globalization;
using Grid.Dicom.Data;

namespace Grid.Workflows.Dicom.Ingest;

/// <summary>
/// The tags of a received instance that workflow conditions can read: top-level elements with a text or number
/// value. Sequences, binary values, the file meta group and group lengths are left out.
/// </summary>
internal static class IngestTags
{
    public static Dictionary<string, string> Of(DicomDataset dataset)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in dataset)
        {
            if (attribute is not DicomElement element || element.Tag.Group == 0x0002 || element.Tag.IsGroupLength) continue;
            try
            {
                if (Text(dataset, element) is { } value) tags[Key(element.Tag)] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or OverflowException or DicomFormatException)
            {
                // A value that cannot be decoded is not offered to conditions; the instance itself is kept as sent.
            }
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
        return null;
    }
}
