using Grid.Dicom.Data;
using Grid.Dicom.Tests.Support;

namespace Grid.Dicom.Tests.Data;

/// <summary>Files made by dcmtk are read by us and written back; dcmdump must see the identical data set.</summary>
public sealed class DcmtkRoundTripTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string MakeImage(string name, params string[] dump2dcmOptions) => Dcmtk.Dump2Dcm(
        _temp.Path, name,
        TestDumps.Image(DicomUids.CTImageStorage, "1.2.3.100.1", "1.2.3.100", "1.2.3.100.2", 1, 7),
        dump2dcmOptions);

    [Theory]
    [InlineData("explicit", new[] { "+te" })]
    [InlineData("implicit", new[] { "+ti" })]
    [InlineData("explicit-undefined-lengths", new[] { "+te", "-e" })]
    [InlineData("implicit-undefined-lengths", new[] { "+ti", "-e" })]
    [InlineData("implicit-group-lengths", new[] { "+ti", "+g" })]
    [InlineData("deflated", new[] { "+td" })]
    public void Same_transfer_syntax_round_trip_keeps_the_data_set(string name, string[] options)
    {
        var original = MakeImage(name, options);
        var copy = _temp.File(name + "-copy.dcm");

        DicomFile.Open(original).Save(copy);

        Assert.Equal(Dcmtk.DumpDataset(original), Dcmtk.DumpDataset(copy));
    }

    [Fact]
    public void Encapsulated_pixel_data_is_carried_through_untouched()
    {
        var original = Dcmtk.Dump2Dcm(_temp.Path, "jpeg", TestDumps.Encapsulated("1.2.3.200.1"));
        var file = DicomFile.Open(original);
        var pixels = Assert.IsType<DicomFragmentSequence>(file.Dataset.Get(DicomTags.PixelData));
        Assert.Equal(3, pixels.Fragments.Count);
        Assert.Empty(pixels.Fragments[0]);
        Assert.Equal(new byte[] { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46 }, pixels.Fragments[1]);
        Assert.Equal(DicomUids.JpegBaseline, file.TransferSyntax.Uid);

        var copy = _temp.File("jpeg-copy.dcm");
        file.Save(copy);
        Assert.Equal(Dcmtk.DumpDataset(original), Dcmtk.DumpDataset(copy));
    }

    [Theory]
    [InlineData(new[] { "+ti" }, DicomUids.ExplicitVRLittleEndian)]
    [InlineData(new[] { "+te" }, DicomUids.ImplicitVRLittleEndian)]
    [InlineData(new[] { "+tb" }, DicomUids.ExplicitVRLittleEndian)]
    public void Converting_between_transfer_syntaxes_keeps_the_values(string[] options, string target)
    {
        // Private tags are UN after implicit VR for both sides, so compare a data set without them.
        var original = MakeImage("convert", options);
        var file = DicomFile.Open(original);
        foreach (var privateTag in file.Dataset.Where(a => a.Tag.IsPrivate).Select(a => a.Tag).ToList()) file.Dataset.Remove(privateTag);
        var reference = _temp.File("reference.dcm");
        file.Save(reference);
        var converted = _temp.File("converted.dcm");
        DicomFile.Open(reference).Save(converted, DicomTransferSyntax.FromUid(target));

        // Encoded lengths (after '#') differ between syntaxes; tags, VRs and values must not.
        static string[] ValuesOnly(string[] lines) => lines.Select(l => l.Split(" #")[0].TrimEnd()).ToArray();
        Assert.Equal(
            ValuesOnly(Dcmtk.DumpDataset(reference, includeTransferSyntaxLine: false)),
            ValuesOnly(Dcmtk.DumpDataset(converted, includeTransferSyntaxLine: false)));
    }

    [Fact]
    public void Big_endian_values_are_decoded()
    {
        var file = DicomFile.Open(MakeImage("big", "+tb"));
        Assert.Equal(DicomUids.ExplicitVRBigEndian, file.TransferSyntax.Uid);
        Assert.Equal((ushort)4, file.Dataset.GetUInt16(DicomTags.Rows));
        Assert.Equal(1234567, file.Dataset.GetInt32(new DicomTag(0x0029, 0x1010)));
        Assert.Equal([3.25, -1.5], file.Dataset.GetNumbers(new DicomTag(0x0029, 0x1011)));
        var pixels = file.Dataset.GetElement(DicomTags.PixelData)!;
        Assert.Equal(7, BitConverter.ToUInt16(pixels.Value, 0));
    }

    [Fact]
    public void Common_values_are_decoded()
    {
        var file = DicomFile.Open(MakeImage("values", "+ti"));
        var ds = file.Dataset;
        Assert.Equal(DicomUids.CTImageStorage, ds.GetString(DicomTags.SOPClassUID));
        Assert.Equal(["ORIGINAL", "PRIMARY", "AXIAL"], ds.GetStrings(new DicomTag(0x0008, 0x0008)));
        Assert.Equal(new DateOnly(2024, 1, 31), ds.GetDate(DicomTags.StudyDate));
        Assert.Equal(new TimeOnly(13, 45, 1, 250), ds.GetTime(DicomTags.StudyTime));
        var dt = ds.GetDateTime(new DicomTag(0x0008, 0x002A))!.Value;
        Assert.Equal(new DateTimeOffset(2024, 1, 31, 13, 45, 1, 250, TimeSpan.FromHours(1)), dt.ToDateTimeOffset());
        var referring = ds.GetPersonName(new DicomTag(0x0008, 0x0090))!;
        Assert.Equal("Welby", referring.FamilyName);
        Assert.Equal("Marcus", referring.GivenName);
        Assert.Equal("Dr.", referring.NamePrefix);
        Assert.Equal([-125.5, -130, 8.75], ds.GetNumbers(new DicomTag(0x0020, 0x0032)));
        Assert.Equal(7, ds.GetInt32(DicomTags.InstanceNumber));
        Assert.Equal((ushort)16, ds.GetUInt16(new DicomTag(0x0028, 0x0100)));
        var references = ds.GetSequence(new DicomTag(0x0008, 0x1140))!;
        Assert.Equal(2, references.Items.Count);
        var codes = references.Items[0].GetSequence(new DicomTag(0x0008, 0x9215))!;
        Assert.Equal("Segmentation", codes.Items[0].GetString(new DicomTag(0x0008, 0x0104)));
        // Private UL in implicit VR has no dictionary entry: UN.
        Assert.Equal(DicomVR.UN, ds.Get(new DicomTag(0x0029, 0x1010))!.VR);
    }

    [Theory]
    [InlineData("ISO_IR 100", "Müller^Jürgen")]
    [InlineData("ISO_IR 192", "Ŝtrauß^Zoë")]
    public void Specific_character_set_decodes_names(string characterSet, string name)
    {
        var dump = TestDumps.Image(DicomUids.CTImageStorage, "1.2.3.300.1", "1.2.3.300", "1.2.3.300.2", 1, 1,
            patientName: name, characterSet: characterSet);
        var dumpEncoding = characterSet == "ISO_IR 192" ? new System.Text.UTF8Encoding(false) : System.Text.Encoding.Latin1;
        var dumpPath = _temp.File("charset.dump");
        File.WriteAllText(dumpPath, dump, dumpEncoding);
        var path = _temp.File("charset.dcm");
        Dcmtk.RunChecked("dump2dcm", dumpPath, path);

        var file = DicomFile.Open(path);
        Assert.Equal(name, file.Dataset.GetString(DicomTags.PatientName));

        var copy = _temp.File("charset-copy.dcm");
        var written = new DicomDataset();
        written.SetString(DicomTags.SpecificCharacterSet, characterSet);
        written.SetString(DicomTags.SOPClassUID, DicomUids.CTImageStorage);
        written.SetString(DicomTags.SOPInstanceUID, "1.2.3.300.9");
        written.SetString(DicomTags.PatientName, name);
        new DicomFile(new DicomDataset(), written).Save(copy, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal(
            file.Dataset.GetElement(DicomTags.PatientName)!.Value,
            DicomFile.Open(copy).Dataset.GetElement(DicomTags.PatientName)!.Value);
    }
}
