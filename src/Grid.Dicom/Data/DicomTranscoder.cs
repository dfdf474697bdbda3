namespace Grid.Dicom.Data;

/// <summary>
/// Changes the transfer syntax of a Part 10 file: between the native syntaxes (implicit and explicit VR little
/// endian, explicit VR big endian, deflated) and from RLE Lossless to a native one. Grid compresses nothing and
/// decompresses no JPEG, JPEG-LS or JPEG 2000 syntax.
/// </summary>
public static class DicomTranscoder
{
    /// <summary>Why a file in <paramref name="from"/> cannot be written in <paramref name="to"/>, or null when it can.</summary>
    public static string? WhyNot(string from, string to)
    {
        if (from == to) return null;
        if (DicomTransferSyntax.FromUid(to).IsEncapsulated)
            return $"Grid does not compress to {DicomTransferSyntaxNames.Describe(to)}";
        if (DicomTransferSyntax.FromUid(from).IsEncapsulated && from != DicomUids.RleLossless)
            return $"Grid cannot decompress {DicomTransferSyntaxNames.Describe(from)}";
        return null;
    }

    /// <summary>The file written in <paramref name="to"/>; throws <see cref="DicomFormatException"/> for data it cannot convert.</summary>
    public static byte[] Transcode(byte[] part10, string to)
    {
        var file = DicomFile.Read(new MemoryStream(part10, writable: false));
        var from = file.TransferSyntax.Uid;
        if (WhyNot(from, to) is { } reason) throw new DicomFormatException(reason + ".");
        if (from == to) return part10;
        if (file.Dataset.Get(DicomTags.PixelData) is DicomFragmentSequence fragments)
            file.Dataset.Set(DicomRleDecoder.Decode(file.Dataset, fragments));
        var output = new MemoryStream();
        file.Write(output, DicomTransferSyntax.FromUid(to));
        return output.ToArray();
    }
}
