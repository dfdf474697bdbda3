using System.Buffers.Binary;

namespace Grid.Dicom.Data;

/// <summary>
/// Decodes RLE Lossless pixel data (PS3.5 Annex G) to native pixel data. Each frame is one fragment: a 64-byte header
/// (segment count and up to 15 offsets), then one PackBits-style segment per byte plane, most significant first.
/// </summary>
public static class DicomRleDecoder
{
    private static readonly DicomTag SamplesPerPixel = new(0x0028, 0x0002);
    private static readonly DicomTag PlanarConfiguration = new(0x0028, 0x0006);
    private static readonly DicomTag NumberOfFrames = new(0x0028, 0x0008);
    private static readonly DicomTag BitsAllocated = new(0x0028, 0x0100);

    /// <summary>The native Pixel Data element (OB up to 8 bits allocated, OW above) for the data set's RLE fragments.</summary>
    public static DicomElement Decode(DicomDataset dataset, DicomFragmentSequence pixels)
    {
        int Required(DicomTag tag) => dataset.GetInt32(tag) ?? throw new DicomFormatException($"RLE pixel data without {DicomDictionary.KeywordOf(tag)} {tag}.");
        var rows = Required(DicomTags.Rows);
        var columns = Required(DicomTags.Columns);
        var samples = dataset.GetInt32(SamplesPerPixel) ?? 1;
        var bitsAllocated = Required(BitsAllocated);
        var frames = dataset.Contains(NumberOfFrames) ? Math.Max(1, (int)(dataset.GetNumber(NumberOfFrames) ?? 1)) : 1;
        var planar = samples > 1 && dataset.GetInt32(PlanarConfiguration) == 1;
        if (bitsAllocated % 8 != 0) throw new DicomFormatException($"RLE pixel data with {bitsAllocated} bits allocated.");
        var bytesPerSample = bitsAllocated / 8;
        var pixelCount = checked(rows * columns);
        var frameLength = checked(pixelCount * samples * bytesPerSample);

        var encodedFrames = Frames(pixels, frames);
        var native = new byte[checked(frameLength * frames + (frameLength * frames) % 2)];
        var plane = new byte[pixelCount];
        for (var f = 0; f < frames; f++)
        {
            var frame = encodedFrames[f];
            if (frame.Length < 64) throw new DicomFormatException($"RLE frame {f + 1} is shorter than its 64-byte header.");
            var segments = BinaryPrimitives.ReadUInt32LittleEndian(frame);
            if (segments != samples * bytesPerSample)
                throw new DicomFormatException($"RLE frame {f + 1} has {segments} segments; {samples} samples of {bitsAllocated} bits need {samples * bytesPerSample}.");
            var output = native.AsSpan(f * frameLength, frameLength);
            for (var segment = 0; segment < segments; segment++)
            {
                var start = (int)BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(4 + 4 * segment));
                var end = segment + 1 < segments ? (int)BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(8 + 4 * segment)) : frame.Length;
                if (start < 64 || end > frame.Length || start > end)
                    throw new DicomFormatException($"RLE frame {f + 1} segment {segment + 1} lies outside its fragment.");
                DecodeSegment(frame.AsSpan(start, end - start), plane);

                // Segments go sample by sample, each from its most significant byte; native data is little endian.
                var sample = segment / bytesPerSample;
                var byteInSample = bytesPerSample - 1 - segment % bytesPerSample;
                for (var p = 0; p < pixelCount; p++)
                {
                    var at = planar ? (sample * pixelCount + p) * bytesPerSample : (p * samples + sample) * bytesPerSample;
                    output[at + byteInSample] = plane[p];
                }
            }
        }
        return new DicomElement(DicomTags.PixelData, bitsAllocated > 8 ? DicomVR.OW : DicomVR.OB, native);
    }

    private static List<byte[]> Frames(DicomFragmentSequence pixels, int frames)
    {
        // The first item is the basic offset table; each frame after it is one fragment (PS3.5 A.4.2).
        var fragments = pixels.Fragments.Skip(1).ToList();
        if (fragments.Count == frames) return fragments;
        if (frames == 1 && fragments.Count > 1) return [fragments.SelectMany(f => f).ToArray()];
        throw new DicomFormatException($"RLE pixel data has {fragments.Count} fragments for {frames} frames.");
    }

    /// <summary>PackBits: n in 0..127 copies the next n+1 bytes, n in -127..-1 repeats the next byte 1-n times, -128 is nothing.</summary>
    private static void DecodeSegment(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var o = 0;
        var i = 0;
        while (i < input.Length && o < output.Length)
        {
            var n = (sbyte)input[i++];
            if (n >= 0)
            {
                var count = Math.Min(n + 1, Math.Min(input.Length - i, output.Length - o));
                input.Slice(i, count).CopyTo(output[o..]);
                i += n + 1;
                o += count;
            }
            else if (n != -128)
            {
                if (i >= input.Length) break;
                var count = Math.Min(1 - n, output.Length - o);
                output.Slice(o, count).Fill(input[i++]);
                o += count;
            }
        }
        if (o < output.Length) throw new DicomFormatException($"An RLE segment decodes to {o} bytes; the image needs {output.Length}.");
    }
}
