using Grid.Dicom.Data;
using Grid.Dicom.Tests.Support;

namespace Grid.Dicom.Tests.Data;

public sealed class WriterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    internal static DicomDataset BuildDataset()
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SpecificCharacterSet, "ISO_IR 192");
        ds.SetString(DicomTags.SOPClassUID, DicomUids.SecondaryCaptureImageStorage);
        ds.SetString(DicomTags.SOPInstanceUID, "1.2.826.0.1.3680043.2.1125.1");
        ds.SetDate(DicomTags.StudyDate, new DateOnly(2023, 12, 24));
        ds.SetTime(DicomTags.StudyTime, new TimeOnly(8, 15, 30));
        ds.SetString(DicomTags.Modality, "OT");
        ds.SetString(DicomTags.PatientName, "Søren^Kierkegaard");
        ds.SetString(DicomTags.PatientID, "ABC-123");
        ds.SetString(DicomTags.StudyInstanceUID, "1.2.826.0.1.3680043.2.1125.2");
        ds.SetString(DicomTags.SeriesInstanceUID, "1.2.826.0.1.3680043.2.1125.3");
        ds.SetNumbers(DicomTags.InstanceNumber, DicomVR.IS, 42);
        ds.SetNumbers(new DicomTag(0x0028, 0x0030), DicomVR.DS, 0.3125, 0.3125);
        ds.SetUInt16(DicomTags.Rows, 2);
        ds.SetUInt16(DicomTags.Columns, 2);
        ds.SetUInt16(new DicomTag(0x0028, 0x0100), 8);
        ds.SetString(new DicomTag(0x0010, 0x4000), DicomVR.LT, "Leading spaces kept\\backslash too");
        var sequence = new DicomSequence(new DicomTag(0x0008, 0x1115)) { UndefinedLength = true };
        var item = new DicomDataset { UndefinedLength = true };
        item.SetString(DicomTags.SeriesInstanceUID, "1.2.826.0.1.3680043.2.1125.3");
        var nested = new DicomSequence(new DicomTag(0x0008, 0x1140));
        var nestedItem = new DicomDataset();
        nestedItem.SetString(new DicomTag(0x0008, 0x1150), DicomUids.CTImageStorage);
        nestedItem.SetString(new DicomTag(0x0008, 0x1155), "1.2.3.4.5.6");
        nested.Items.Add(nestedItem);
        item.Set(nested);
        sequence.Items.Add(item);
        sequence.Items.Add(new DicomDataset());
        ds.Set(sequence);
        ds.SetNumbers(new DicomTag(0x0009, 0x1001), DicomVR.FL, 1.5f);
        ds.SetString(new DicomTag(0x0009, 0x0010), DicomVR.LO, "GRID");
        ds.SetBytes(DicomTags.PixelData, DicomVR.OB, [1, 2, 3, 4]);
        return ds;
    }

    [Theory]
    [InlineData(DicomUids.ExplicitVRLittleEndian)]
    [InlineData(DicomUids.ImplicitVRLittleEndian)]
    [InlineData(DicomUids.ExplicitVRBigEndian)]
    [InlineData(DicomUids.DeflatedExplicitVRLittleEndian)]
    public void Files_we_write_are_read_by_dcmdump(string transferSyntax)
    {
        var path = _temp.File("ours.dcm");
        new DicomFile(new DicomDataset(), BuildDataset()).Save(path, DicomTransferSyntax.FromUid(transferSyntax));

        var result = Dcmtk.Run("dcmdump", ["+L", "-Un", "+U8", path]);
        Assert.True(result.ExitCode == 0 && result.StandardError.Length == 0, result.Describe());
        var output = result.StandardOutput;
        Assert.Contains("[Søren^Kierkegaard]", output);
        Assert.Contains("(0002,0012) UI [" + DicomUids.ImplementationClassUid + "]", output);
        Assert.Contains("(0008,1115) SQ (Sequence with undefined length #=2)", output);
        Assert.Contains("(0008,1155) UI [1.2.3.4.5.6]", output);
        Assert.Contains("(0028,0030) DS [0.3125\\0.3125]", output);
        Assert.Contains("[Leading spaces kept\\backslash too]", output);
        Assert.Contains("(0028,0010) US 2", output);

        // And we read back what we wrote.
        var back = DicomFile.Open(path).Dataset;
        Assert.Equal("Søren^Kierkegaard", back.GetString(DicomTags.PatientName));
        Assert.Equal([0.3125, 0.3125], back.GetNumbers(new DicomTag(0x0028, 0x0030)));
        Assert.Equal("1.2.3.4.5.6", back.GetSequence(new DicomTag(0x0008, 0x1115))!.Items[0]
            .GetSequence(new DicomTag(0x0008, 0x1140))!.Items[0].GetString(new DicomTag(0x0008, 0x1155)));
    }

    [Fact]
    public void Metadata_reader_stops_before_pixel_data_and_copier_keeps_every_byte()
    {
        var path = _temp.File("big.dcm");
        var ds = BuildDataset();
        ds.SetBytes(DicomTags.PixelData, DicomVR.OB, Enumerable.Range(0, 3_000_000).Select(i => (byte)i).ToArray());
        new DicomFile(new DicomDataset(), ds).Save(path, DicomTransferSyntax.ExplicitVRLittleEndian);

        var metadata = DicomFile.Open(path, DicomReadOptions.MetadataOnly);
        Assert.False(metadata.Dataset.Contains(DicomTags.PixelData));
        Assert.Equal("ABC-123", metadata.Dataset.GetString(DicomTags.PatientID));

        using var source = File.OpenRead(path);
        using var destination = new MemoryStream();
        var copied = DicomInstanceCopier.CopyAsync(source, destination).GetAwaiter().GetResult();
        Assert.Equal("ABC-123", copied.Dataset.GetString(DicomTags.PatientID));
        Assert.False(copied.Dataset.Contains(DicomTags.PixelData));
        Assert.Equal(File.ReadAllBytes(path), destination.ToArray());
    }

    [Fact]
    public void Truncated_file_is_a_format_error()
    {
        using var buffer = new MemoryStream();
        new DicomFile(new DicomDataset(), BuildDataset()).Write(buffer, DicomTransferSyntax.ExplicitVRLittleEndian);
        var truncated = buffer.ToArray()[..(int)(buffer.Length - 3)];
        Assert.Throws<DicomFormatException>(() => DicomFile.Read(new MemoryStream(truncated)));
        Assert.Throws<DicomFormatException>(() => DicomFile.Read(new MemoryStream(new byte[200])));
    }
}
