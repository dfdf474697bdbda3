using System.Collections;

namespace Grid.Dicom.Data;

/// <summary>Data elements ordered by tag; also used for sequence items and DIMSE command sets.</summary>
public sealed class DicomDataset : IEnumerable<DicomAttribute>
{
    private readonly SortedDictionary<DicomTag, DicomAttribute> _attributes = new();

    /// <summary>The data set holding the sequence this item belongs to; character set lookups inherit from it.</summary>
    public DicomDataset? Parent { get; internal set; }

    /// <summary>For items: whether encoded with undefined length and an item delimiter.</summary>
    public bool UndefinedLength { get; set; }

    public int Count => _attributes.Count;

    public DicomAttribute? Get(DicomTag tag) => _attributes.GetValueOrDefault(tag);

    public bool Contains(DicomTag tag) => _attributes.ContainsKey(tag);

    public bool Remove(DicomTag tag) => _attributes.Remove(tag);

    public DicomDataset Set(DicomAttribute attribute)
    {
        if (attribute is DicomSequence sequence)
            foreach (var item in sequence.Items) item.Parent = this;
        _attributes[attribute.Tag] = attribute;
        return this;
    }

    public IEnumerator<DicomAttribute> GetEnumerator() => _attributes.Values.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // ---- reading values ----

    public DicomElement? GetElement(DicomTag tag) => Get(tag) as DicomElement;

    public DicomSequence? GetSequence(DicomTag tag) => Get(tag) as DicomSequence;

    /// <summary>All values of a text element, decoded per Specific Character Set, padding removed.</summary>
    public string[] GetStrings(DicomTag tag)
    {
        if (GetElement(tag) is not { } e) return [];
        if (!e.VR.IsString()) throw new InvalidOperationException($"{tag} has VR {e.VR}, not a string VR.");
        return DicomValueCodec.SplitText(DicomCharacterSet.For(this, e.VR).GetString(e.Value), e.VR);
    }

    /// <summary>The value at index (default the first), or null if the element is absent or empty.</summary>
    public string? GetString(DicomTag tag, int index = 0)
    {
        var values = GetStrings(tag);
        return index < values.Length ? values[index] : null;
    }

    public double[] GetNumbers(DicomTag tag) =>
        GetElement(tag) is { } e ? DicomValueCodec.DecodeNumbers(e.Value, e.VR) : [];

    public double? GetNumber(DicomTag tag, int index = 0)
    {
        var values = GetNumbers(tag);
        return index < values.Length ? values[index] : null;
    }

    public ushort? GetUInt16(DicomTag tag, int index = 0) => GetNumber(tag, index) is { } n ? checked((ushort)n) : null;

    public int? GetInt32(DicomTag tag, int index = 0) => GetNumber(tag, index) is { } n ? checked((int)n) : null;

    public DateOnly? GetDate(DicomTag tag) => GetString(tag) is { Length: > 0 } s ? DicomValueCodec.ParseDate(s) : null;

    public TimeOnly? GetTime(DicomTag tag) => GetString(tag) is { Length: > 0 } s ? DicomValueCodec.ParseTime(s) : null;

    public DicomDateTime? GetDateTime(DicomTag tag) => GetString(tag) is { Length: > 0 } s ? DicomValueCodec.ParseDateTime(s) : null;

    public DicomPersonName? GetPersonName(DicomTag tag, int index = 0) =>
        GetString(tag, index) is { } s ? DicomPersonName.Parse(s) : null;

    /// <summary>The Attribute Tag values of an AT element.</summary>
    public DicomTag[] GetTags(DicomTag tag)
    {
        if (GetElement(tag) is not { } e) return [];
        var result = new DicomTag[e.Value.Length / 4];
        for (var i = 0; i < result.Length; i++)
            result[i] = new DicomTag(BitConverter.ToUInt16(e.Value, i * 4), BitConverter.ToUInt16(e.Value, i * 4 + 2));
        return result;
    }

    // ---- writing values ----

    private static DicomVR VROf(DicomTag tag) => DicomDictionary.Find(tag)?.VR
        ?? throw new ArgumentException($"{tag} is not in the dictionary; pass its VR.");

    public DicomDataset SetString(DicomTag tag, params string[] values) => SetString(tag, VROf(tag), values);

    public DicomDataset SetString(DicomTag tag, DicomVR vr, params string[] values) =>
        Set(new DicomElement(tag, vr, DicomValueCodec.EncodeText(values, vr, DicomCharacterSet.For(this, vr))));

    public DicomDataset SetNumbers(DicomTag tag, DicomVR vr, params double[] values) =>
        Set(new DicomElement(tag, vr, DicomValueCodec.EncodeNumbers(values, vr)));

    public DicomDataset SetUInt16(DicomTag tag, params ushort[] values) =>
        SetNumbers(tag, DicomVR.US, values.Select(v => (double)v).ToArray());

    public DicomDataset SetDate(DicomTag tag, DateOnly date) => SetString(tag, DicomVR.DA, DicomValueCodec.FormatDate(date));

    public DicomDataset SetTime(DicomTag tag, TimeOnly time) => SetString(tag, DicomVR.TM, DicomValueCodec.FormatTime(time));

    public DicomDataset SetBytes(DicomTag tag, DicomVR vr, byte[] value) =>
        Set(new DicomElement(tag, vr, DicomValueCodec.PadToEven(value, vr.PaddingByte())));

    /// <summary>A copy holding only the elements from <paramref name="first"/> up to (excluding) <paramref name="stop"/>.</summary>
    public DicomDataset Slice(DicomTag first, DicomTag stop)
    {
        var copy = new DicomDataset { Parent = Parent, UndefinedLength = UndefinedLength };
        foreach (var a in this)
            if (a.Tag >= first && a.Tag < stop) copy._attributes[a.Tag] = a;
        return copy;
    }
}
