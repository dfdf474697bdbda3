using System.Text;

namespace Grid.Dicom.Data;

/// <summary>
/// Text decoding per Specific Character Set (0008,0005). Supported: default repertoire, ISO_IR 100 (Latin-1)
/// and ISO_IR 192 (UTF-8). Other terms fall back to Latin-1 so no byte is lost.
/// </summary>
public static class DicomCharacterSet
{
    // Latin-1 maps every byte to a char, so default-repertoire data with stray high bytes still round-trips.
    public static Encoding Default => Encoding.Latin1;

    public static Encoding FromSpecificCharacterSet(IReadOnlyList<string> terms)
    {
        // With code extensions the first value names the default repertoire; ISO 2022 escapes are not interpreted.
        foreach (var raw in terms)
        {
            switch (raw.Trim())
            {
                case "ISO_IR 192": return new UTF8Encoding(false);
                case "ISO_IR 100" or "ISO 2022 IR 100": return Encoding.Latin1;
            }
        }
        return Default;
    }

    public static Encoding For(DicomDataset dataset, DicomVR vr)
    {
        if (!vr.UsesSpecificCharacterSet()) return Default;
        for (var ds = dataset; ds is not null; ds = ds.Parent)
        {
            if (ds.Get(DicomTags.SpecificCharacterSet) is DicomElement element)
                return FromSpecificCharacterSet(DicomValueCodec.SplitText(Default.GetString(element.Value), DicomVR.CS));
        }
        return Default;
    }
}
