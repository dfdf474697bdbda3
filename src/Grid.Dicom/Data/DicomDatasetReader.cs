namespace Grid.Dicom.Data;

/// <summary>Parses a data set in a given transfer syntax into a <see cref="DicomDataset"/>.</summary>
public sealed class DicomDatasetReader(DicomInputBuffer input, DicomTransferSyntax syntax)
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private const long EndAtItemDelimiter = -1;
    private const long EndAtStreamEnd = long.MaxValue;

    private readonly record struct Encoding(bool ExplicitVR, bool LittleEndian);

    private static readonly Encoding ImplicitLittle = new(false, true);
    private static readonly DicomTag PixelRepresentation = new(0x0028, 0x0103);

    // Pixel Representation (0028,0103) read so far: 1 makes the "US or SS" attributes SS in implicit VR (PS3.5 A.1).
    private bool _signedPixels;

    /// <summary>Reads top-level elements until the stream ends or <paramref name="stopWhen"/> holds for the next tag (left unread).</summary>
    public DicomDataset Read(Func<DicomTag, bool>? stopWhen = null)
    {
        var dataset = new DicomDataset();
        ReadElements(dataset, EndAtStreamEnd, new Encoding(syntax.IsExplicitVR, syntax.IsLittleEndian), stopWhen);
        return dataset;
    }

    private void ReadElements(DicomDataset dataset, long end, Encoding encoding, Func<DicomTag, bool>? stopWhen)
    {
        while (true)
        {
            if (end == EndAtStreamEnd)
            {
                if (input.AtEnd) return;
            }
            else if (end != EndAtItemDelimiter && input.Position >= end)
            {
                if (input.Position > end) throw new DicomFormatException($"Element overruns its item at byte {input.Position}.");
                return;
            }

            var tag = PeekTag(encoding);
            if (stopWhen is not null && stopWhen(tag)) return;
            input.Skip(4);

            if (tag == DicomTags.ItemDelimitationItem)
            {
                input.ReadUInt32(encoding.LittleEndian);
                if (end == EndAtItemDelimiter) return;
                throw new DicomFormatException($"Item delimiter outside an undefined-length item at byte {input.Position}.");
            }
            if (tag.Group == 0xFFFE) throw new DicomFormatException($"Unexpected {tag} at byte {input.Position}.");

            dataset.Set(ReadAttribute(tag, encoding));
        }
    }

    private DicomTag PeekTag(Encoding encoding)
    {
        var span = input.Peek(4);
        return encoding.LittleEndian
            ? new DicomTag((ushort)(span[0] | span[1] << 8), (ushort)(span[2] | span[3] << 8))
            : new DicomTag((ushort)(span[0] << 8 | span[1]), (ushort)(span[2] << 8 | span[3]));
    }

    private DicomTag ReadTag(Encoding encoding)
    {
        var tag = PeekTag(encoding);
        input.Skip(4);
        return tag;
    }

    private DicomAttribute ReadAttribute(DicomTag tag, Encoding encoding)
    {
        DicomVR vr;
        uint length;
        if (encoding.ExplicitVR)
        {
            var vrBytes = input.Peek(2);
            if (!DicomVRInfo.TryParse(vrBytes[0], vrBytes[1], out vr))
                throw new DicomFormatException($"Invalid VR bytes {vrBytes[0]:X2} {vrBytes[1]:X2} for {tag} at byte {input.Position}.");
            input.Skip(2);
            if (vr.HasLongExplicitLength())
            {
                input.Skip(2);
                length = input.ReadUInt32(encoding.LittleEndian);
            }
            else
            {
                length = input.ReadUInt16(encoding.LittleEndian);
            }
        }
        else
        {
            vr = DicomDictionary.ImplicitVR(tag);
            if (vr == DicomVR.US && _signedPixels && DicomDictionary.Find(tag)?.VRs.Contains(DicomVR.SS) == true) vr = DicomVR.SS;
            length = input.ReadUInt32(encoding.LittleEndian);
        }

        if (length == UndefinedLength)
        {
            if (tag == DicomTags.PixelData || (vr is DicomVR.OB or DicomVR.OW && encoding.ExplicitVR))
                return ReadFragments(tag, vr == DicomVR.OW ? DicomVR.OW : DicomVR.OB, encoding);
            // Undefined-length UN holds a sequence in implicit VR little endian (PS3.5 6.2.2).
            var inner = vr == DicomVR.UN ? ImplicitLittle : encoding;
            if (vr is not (DicomVR.SQ or DicomVR.UN))
                throw new DicomFormatException($"Undefined length on {tag} with VR {vr}.");
            return ReadSequence(tag, length, inner);
        }
        if (vr == DicomVR.SQ) return ReadSequence(tag, length, encoding);

        var value = input.ReadBytes(length);
        if (!encoding.LittleEndian) SwapToLittleEndian(value, vr.ByteSwapUnit());
        if (tag == PixelRepresentation && value.Length >= 2) _signedPixels = value[0] == 1 && value[1] == 0;
        return new DicomElement(tag, vr, value);
    }

    private DicomSequence ReadSequence(DicomTag tag, uint length, Encoding encoding)
    {
        var sequence = new DicomSequence(tag) { UndefinedLength = length == UndefinedLength };
        var end = length == UndefinedLength ? EndAtItemDelimiter : input.Position + length;
        while (end == EndAtItemDelimiter || input.Position < end)
        {
            var itemTag = ReadTag(encoding);
            var itemLength = input.ReadUInt32(encoding.LittleEndian);
            if (itemTag == DicomTags.SequenceDelimitationItem)
            {
                if (end == EndAtItemDelimiter) break;
                throw new DicomFormatException($"Sequence delimiter inside defined-length {tag}.");
            }
            if (itemTag != DicomTags.Item) throw new DicomFormatException($"Expected an item in {tag}, found {itemTag}.");
            var item = new DicomDataset { UndefinedLength = itemLength == UndefinedLength };
            ReadElements(item, itemLength == UndefinedLength ? EndAtItemDelimiter : input.Position + itemLength, encoding, null);
            sequence.Items.Add(item);
        }
        if (end != EndAtItemDelimiter && input.Position != end)
            throw new DicomFormatException($"Items overrun the length of {tag}.");
        return sequence;
    }

    private DicomFragmentSequence ReadFragments(DicomTag tag, DicomVR vr, Encoding encoding)
    {
        var fragments = new DicomFragmentSequence(tag, vr);
        while (true)
        {
            var itemTag = ReadTag(encoding);
            var length = input.ReadUInt32(encoding.LittleEndian);
            if (itemTag == DicomTags.SequenceDelimitationItem) return fragments;
            if (itemTag != DicomTags.Item || length == UndefinedLength)
                throw new DicomFormatException($"Invalid fragment {itemTag} in encapsulated {tag}.");
            fragments.Fragments.Add(input.ReadBytes(length));
        }
    }

    internal static void SwapToLittleEndian(byte[] value, int unit)
    {
        if (unit <= 1) return;
        for (var i = 0; i + unit <= value.Length; i += unit) value.AsSpan(i, unit).Reverse();
    }
}
