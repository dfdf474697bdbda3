using System.Buffers.Binary;

namespace Grid.Dicom.Data;

/// <summary>
/// Encodes a <see cref="DicomDataset"/> in a transfer syntax. Sequences and items keep their defined or
/// undefined length form; group length elements present in the data set are recalculated.
/// </summary>
public sealed class DicomDatasetWriter(Stream output, DicomTransferSyntax syntax)
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private readonly bool _explicitVR = syntax.IsExplicitVR;
    private readonly bool _littleEndian = syntax.IsLittleEndian;
    private readonly byte[] _scratch = new byte[12];

    public void Write(DicomDataset dataset)
    {
        foreach (var attribute in dataset) WriteAttribute(attribute, dataset);
    }

    private void WriteAttribute(DicomAttribute attribute, DicomDataset owner)
    {
        switch (attribute)
        {
            case DicomElement element:
                var value = element.Value;
                if (element.Tag.IsGroupLength && element.VR == DicomVR.UL && value.Length == 4)
                {
                    value = new byte[4];
                    BinaryPrimitives.WriteUInt32LittleEndian(value, (uint)GroupLength(owner, element.Tag.Group));
                }
                var padded = value.Length % 2 == 0 ? value : DicomValueCodec.PadToEven(value, element.VR.PaddingByte());
                WriteHeader(element.Tag, element.VR, (uint)padded.Length);
                if (!_littleEndian && element.VR.ByteSwapUnit() > 1)
                {
                    padded = (byte[])padded.Clone();
                    DicomDatasetReader.SwapToLittleEndian(padded, element.VR.ByteSwapUnit());
                }
                output.Write(padded);
                break;

            case DicomSequence sequence:
                WriteHeader(sequence.Tag, DicomVR.SQ, sequence.UndefinedLength ? UndefinedLength : (uint)SequenceContentLength(sequence));
                foreach (var item in sequence.Items)
                {
                    WriteItemHeader(DicomTags.Item, item.UndefinedLength ? UndefinedLength : (uint)DatasetLength(item));
                    Write(item);
                    if (item.UndefinedLength) WriteItemHeader(DicomTags.ItemDelimitationItem, 0);
                }
                if (sequence.UndefinedLength) WriteItemHeader(DicomTags.SequenceDelimitationItem, 0);
                break;

            case DicomFragmentSequence fragments:
                WriteHeader(fragments.Tag, fragments.VR, UndefinedLength);
                foreach (var fragment in fragments.Fragments)
                {
                    WriteItemHeader(DicomTags.Item, (uint)fragment.Length);
                    output.Write(fragment);
                }
                WriteItemHeader(DicomTags.SequenceDelimitationItem, 0);
                break;
        }
    }

    private void WriteTag(Span<byte> span, DicomTag tag)
    {
        if (_littleEndian)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span, tag.Group);
            BinaryPrimitives.WriteUInt16LittleEndian(span[2..], tag.Element);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(span, tag.Group);
            BinaryPrimitives.WriteUInt16BigEndian(span[2..], tag.Element);
        }
    }

    private void WriteUInt32(Span<byte> span, uint value)
    {
        if (_littleEndian) BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        else BinaryPrimitives.WriteUInt32BigEndian(span, value);
    }

    private void WriteHeader(DicomTag tag, DicomVR vr, uint length)
    {
        var span = _scratch.AsSpan();
        WriteTag(span, tag);
        if (!_explicitVR)
        {
            WriteUInt32(span[4..], length);
            output.Write(span[..8]);
            return;
        }
        // A value too long for a 16-bit length (possible when it came in implicit VR) is written as UN (PS3.5 6.2.2).
        if (!vr.HasLongExplicitLength() && length > 0xFFFE && length != UndefinedLength) vr = DicomVR.UN;
        var name = vr.ToString();
        span[4] = (byte)name[0];
        span[5] = (byte)name[1];
        if (vr.HasLongExplicitLength())
        {
            span[6] = span[7] = 0;
            WriteUInt32(span[8..], length);
            output.Write(span[..12]);
        }
        else
        {
            if (length > ushort.MaxValue) throw new InvalidOperationException($"{tag} {vr} value of {length} bytes exceeds 65534.");
            if (_littleEndian) BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)length);
            else BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)length);
            output.Write(span[..8]);
        }
    }

    private void WriteItemHeader(DicomTag tag, uint length)
    {
        var span = _scratch.AsSpan(0, 8);
        WriteTag(span, tag);
        WriteUInt32(span[4..], length);
        output.Write(span);
    }

    // ---- encoded sizes, needed for defined-length sequences, items and group lengths ----

    private long HeaderLength(DicomVR vr, long valueLength) =>
        !_explicitVR ? 8 : vr.HasLongExplicitLength() || valueLength > 0xFFFE ? 12 : 8;

    public long EncodedLength(DicomAttribute attribute) => attribute switch
    {
        DicomElement e => HeaderLength(e.VR, e.Value.Length + (e.Value.Length % 2)) + e.Value.Length + (e.Value.Length % 2),
        DicomSequence s => HeaderLength(DicomVR.SQ, 0) + SequenceContentLength(s) + (s.UndefinedLength ? 8 : 0),
        DicomFragmentSequence f => HeaderLength(f.VR, 0) + f.Fragments.Sum(x => 8L + x.Length) + 8,
        _ => throw new ArgumentOutOfRangeException(nameof(attribute)),
    };

    private long SequenceContentLength(DicomSequence sequence) =>
        sequence.Items.Sum(item => 8 + DatasetLength(item) + (item.UndefinedLength ? 8 : 0));

    public long DatasetLength(DicomDataset dataset) => dataset.Sum(EncodedLength);

    private long GroupLength(DicomDataset dataset, ushort group) =>
        dataset.Where(a => a.Tag.Group == group && a.Tag.Element != 0).Sum(EncodedLength);
}
