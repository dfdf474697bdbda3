using Grid.Dicom.Data;
using Grid.Dicom.Tests.Support;

namespace Grid.Dicom.Tests.Data;

/// <summary>Transfer syntax changes: RLE Lossless decoded as dcmtk's dcmdrle decodes it; native syntaxes converted; JPEG refused with a reason.</summary>
public sealed class TranscoderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string[] ValuesOnly(string path) =>
        Dcmtk.DumpDataset(path, includeTransferSyntaxLine: false).Select(l => l.Split(" #")[0].TrimEnd()).ToArray();

    public static TheoryData<string, string> RleImages => new()
    {
        { "mono16", TestDumps.Image(DicomUids.CTImageStorage, "1.2.3.600.1", "1.2.3.600", "1.2.3.600.2", 1, 5, rows: 16, columns: 12) },
        { "rgb-interleaved", ColorDump.Image("1.2.3.601.1", rows: 6, columns: 10, frames: 2, planarConfiguration: 0) },
        { "rgb-planar", ColorDump.Image("1.2.3.602.1", rows: 6, columns: 10, frames: 3, planarConfiguration: 1) },
    };

    [Theory]
    [MemberData(nameof(RleImages))]
    public void RLE_lossless_is_decoded_to_the_pixels_dcmdrle_gives(string name, string dump)
    {
        var native = Dcmtk.Dump2Dcm(_temp.Path, name, dump, "+te");
        var rle = _temp.File(name + "-rle.dcm");
        Dcmtk.RunChecked("dcmcrle", native, rle);
        var reference = _temp.File(name + "-dcmdrle.dcm");
        Dcmtk.RunChecked("dcmdrle", "+ti", rle, reference);
        var ours = _temp.File(name + "-ours.dcm");

        File.WriteAllBytes(ours, DicomTranscoder.Transcode(File.ReadAllBytes(rle), DicomUids.ImplicitVRLittleEndian));

        Assert.Equal(DicomUids.RleLossless, DicomFile.Open(rle).TransferSyntax.Uid);
        Assert.Equal(DicomUids.ImplicitVRLittleEndian, DicomFile.Open(ours).TransferSyntax.Uid);
        Assert.Equal(ValuesOnly(reference), ValuesOnly(ours));
        Assert.Equal(DicomFile.Open(native).Dataset.GetElement(DicomTags.PixelData)!.Value, DicomFile.Open(ours).Dataset.GetElement(DicomTags.PixelData)!.Value);
    }

    [Fact]
    public void A_deflated_file_is_inflated_to_implicit_VR()
    {
        var deflated = Dcmtk.Dump2Dcm(_temp.Path, "deflated",
            TestDumps.Image(DicomUids.CTImageStorage, "1.2.3.603.1", "1.2.3.603", "1.2.3.603.2", 1, 2), "+td");
        var ours = _temp.File("inflated.dcm");

        File.WriteAllBytes(ours, DicomTranscoder.Transcode(File.ReadAllBytes(deflated), DicomUids.ImplicitVRLittleEndian));

        Assert.Equal(DicomUids.ImplicitVRLittleEndian, DicomFile.Open(ours).TransferSyntax.Uid);
        // Private elements have no VR in implicit VR (dcmdump shows them as bytes); everything else must be equal.
        static string[] Public(string[] lines) => lines.Where(l => !l.StartsWith("(0029,1", StringComparison.Ordinal)).ToArray();
        Assert.Equal(Public(ValuesOnly(deflated)), Public(ValuesOnly(ours)));
    }

    [Fact]
    public void JPEG_is_not_decompressed_and_the_reason_names_it()
    {
        var jpeg = Dcmtk.Dump2Dcm(_temp.Path, "jpeg", TestDumps.Encapsulated("1.2.3.604.1"));

        Assert.Equal("Grid cannot decompress JPEG Baseline (1.2.840.10008.1.2.4.50)",
            DicomTranscoder.WhyNot(DicomUids.JpegBaseline, DicomUids.ImplicitVRLittleEndian));
        var refused = Assert.Throws<DicomFormatException>(() => DicomTranscoder.Transcode(File.ReadAllBytes(jpeg), DicomUids.ExplicitVRLittleEndian));
        Assert.Contains("JPEG Baseline", refused.Message);
        Assert.Null(DicomTranscoder.WhyNot(DicomUids.RleLossless, DicomUids.ExplicitVRBigEndian));
        Assert.NotNull(DicomTranscoder.WhyNot(DicomUids.ExplicitVRLittleEndian, DicomUids.RleLossless));
    }
}
