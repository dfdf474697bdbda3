namespace Grid.Dicom.Data;

/// <summary>Builds and writes the Part 10 header: 128-byte preamble, "DICM", group 0002 in explicit VR LE.</summary>
public static class DicomFileMetaInformation
{
    public const int PreambleLength = 128;
    public static ReadOnlySpan<byte> Prefix => "DICM"u8;

    public static DicomDataset Create(string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string? sourceAeTitle = null)
    {
        var meta = new DicomDataset();
        meta.SetString(DicomTags.MediaStorageSOPClassUID, sopClassUid);
        meta.SetString(DicomTags.MediaStorageSOPInstanceUID, sopInstanceUid);
        meta.SetString(DicomTags.TransferSyntaxUID, transferSyntaxUid);
        if (!string.IsNullOrEmpty(sourceAeTitle)) meta.SetString(DicomTags.SourceApplicationEntityTitle, sourceAeTitle);
        return Complete(meta);
    }

    /// <summary>Sets version, implementation identity and a group length; keeps everything else.</summary>
    public static DicomDataset Complete(DicomDataset meta)
    {
        meta.Set(new DicomElement(DicomTags.FileMetaInformationGroupLength, DicomVR.UL, new byte[4]));
        meta.Set(new DicomElement(DicomTags.FileMetaInformationVersion, DicomVR.OB, [0x00, 0x01]));
        meta.SetString(DicomTags.ImplementationClassUID, DicomUids.ImplementationClassUid);
        meta.SetString(DicomTags.ImplementationVersionName, DicomUids.ImplementationVersionName);
        return meta;
    }

    public static void Write(Stream output, DicomDataset meta)
    {
        output.Write(new byte[PreambleLength]);
        output.Write(Prefix);
        new DicomDatasetWriter(output, DicomTransferSyntax.ExplicitVRLittleEndian).Write(meta);
    }

    /// <summary>Reads preamble, prefix and group 0002, leaving the input at the first data set element.</summary>
    public static DicomDataset Read(DicomInputBuffer input)
    {
        input.Skip(PreambleLength);
        if (!input.Ensure(4) || !input.Peek(4).SequenceEqual(Prefix))
            throw new DicomFormatException("Not a DICOM Part 10 file: no \"DICM\" after the 128-byte preamble.");
        input.Skip(4);
        var meta = new DicomDatasetReader(input, DicomTransferSyntax.ExplicitVRLittleEndian).Read(tag => tag.Group != 0x0002);
        if (meta.GetString(DicomTags.TransferSyntaxUID) is not { Length: > 0 })
            throw new DicomFormatException("File meta information has no Transfer Syntax UID (0002,0010).");
        return meta;
    }
}
