namespace Grid.Dicom.Data;

/// <summary>A data element tag: group and element number.</summary>
public readonly record struct DicomTag(ushort Group, ushort Element) : IComparable<DicomTag>
{
    public DicomTag(uint value) : this((ushort)(value >> 16), (ushort)value) { }

    public uint Value => ((uint)Group << 16) | Element;

    public bool IsPrivate => (Group & 1) == 1;

    public bool IsGroupLength => Element == 0 && Group != 0xFFFE;

    /// <summary>Private creator elements reserve blocks: (gggg,0010-00FF) in odd groups.</summary>
    public bool IsPrivateCreator => IsPrivate && Element >= 0x0010 && Element <= 0x00FF;

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    public static bool operator <(DicomTag a, DicomTag b) => a.Value < b.Value;
    public static bool operator >(DicomTag a, DicomTag b) => a.Value > b.Value;
    public static bool operator <=(DicomTag a, DicomTag b) => a.Value <= b.Value;
    public static bool operator >=(DicomTag a, DicomTag b) => a.Value >= b.Value;

    /// <summary>The 8 hex digit form used as key in the DICOM JSON model, e.g. "00100010".</summary>
    public string ToJsonKey() => Value.ToString("X8");

    public static DicomTag ParseJsonKey(string key)
    {
        if (key.Length != 8 || !uint.TryParse(key, System.Globalization.NumberStyles.HexNumber, null, out var v))
            throw new FormatException($"'{key}' is not an 8 hex digit DICOM tag.");
        return new DicomTag(v);
    }

    public override string ToString() => $"({Group:X4},{Element:X4})";
}
