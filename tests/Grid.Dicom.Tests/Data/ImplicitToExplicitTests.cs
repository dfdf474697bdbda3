using Grid.Dicom.Data;
using Grid.Dicom.Tests.Support;

namespace Grid.Dicom.Tests.Data;

/// <summary>Implicit VR data written in explicit VR gets the VRs dcmtk gives it (dcmconv +te), nested sequences included.</summary>
public sealed class ImplicitToExplicitTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Our_conversion_matches_dcmconv(bool signedPixels)
    {
        var dump = TestDumps.Image(DicomUids.CTImageStorage, "1.2.3.400.1", "1.2.3.400", "1.2.3.400.2", 1, 3)
            .Replace("(0028,0103) US 0\n", "") + StandardAttributesDump.Lines(signedPixels);
        var source = Dcmtk.Dump2Dcm(_temp.Path, "implicit", dump, "+ti");
        var reference = _temp.File("dcmconv.dcm");
        Dcmtk.RunChecked("dcmconv", "+te", source, reference);
        var ours = _temp.File("ours.dcm");

        DicomFile.Open(source).Save(ours, DicomTransferSyntax.ExplicitVRLittleEndian);

        // Lengths (after '#') may differ in how sequences are delimited; tags, VRs, values and nesting must not.
        static string[] ValuesOnly(string[] lines) => lines.Select(l => l.Split(" #")[0].TrimEnd()).ToArray();
        var expected = ValuesOnly(Dcmtk.DumpDataset(reference));
        Assert.Equal(expected, ValuesOnly(Dcmtk.DumpDataset(ours)));
        Assert.Contains("(0018,5101) CS [PA]", expected);
        Assert.Contains(expected, l => l.StartsWith("    (0040,a043) SQ", StringComparison.Ordinal));
        Assert.Contains(expected, l => l.StartsWith("        (0008,0104) LO [Finding]", StringComparison.Ordinal));
        Assert.Contains(expected, l => l.StartsWith($"(0028,0106) {(signedPixels ? "SS" : "US")} 3", StringComparison.Ordinal));
        Assert.Contains(expected, l => l.StartsWith("(0029,1012) UN", StringComparison.Ordinal));
    }

    [Fact]
    public void Implicit_values_of_standard_attributes_decode_as_their_VR()
    {
        var dump = TestDumps.Image(DicomUids.CTImageStorage, "1.2.3.401.1", "1.2.3.401", "1.2.3.401.2", 1, 3)
            .Replace("(0028,0103) US 0\n", "") + StandardAttributesDump.Lines();
        var dataset = DicomFile.Open(Dcmtk.Dump2Dcm(_temp.Path, "implicit", dump, "+ti")).Dataset;

        Assert.Equal("PA", dataset.GetString(new DicomTag(0x0018, 0x5101)));
        var content = Assert.Single(dataset.GetSequence(new DicomTag(0x0040, 0xA730))!.Items);
        var concept = Assert.Single(content.GetSequence(new DicomTag(0x0040, 0xA043))!.Items);
        Assert.Equal("Finding", concept.GetString(new DicomTag(0x0008, 0x0104)));
        Assert.Equal(DicomVR.UN, dataset.Get(new DicomTag(0x0029, 0x1012))!.VR);
    }

    [Fact]
    public void A_value_too_long_for_a_16_bit_length_is_written_as_UN_in_explicit_VR()
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTags.SOPClassUID, DicomUids.SecondaryCaptureImageStorage);
        dataset.SetString(DicomTags.SOPInstanceUID, "1.2.3.402.1");
        var longText = string.Join('\\', Enumerable.Repeat("VALUE", 20_000));
        dataset.SetString(new DicomTag(0x0008, 0x0008), longText);
        var path = _temp.File("long.dcm");

        new DicomFile(new DicomDataset(), dataset).Save(path, DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Contains(Dcmtk.DumpDataset(path), l => l.StartsWith("(0008,0008) UN", StringComparison.Ordinal));
    }
}
