using Grid.Dicom.Data;
using Grid.Dicom.Network;
using Grid.Dicom.Tests.Support;

namespace Grid.Dicom.Tests.Network;

/// <summary>Our user (SCU) against dcmtk's storescp.</summary>
public sealed class UserTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Our_store_user_sends_to_storescp_and_dcmdump_reads_every_file()
    {
        var output = _temp.Sub("storescp");
        await using var scp = await StoreScpProcess.StartAsync(output);
        var files = StudyBuilder.Build(_temp.Sub("study"), 4, ["+te"], ["+ti"], ["+tb"]);
        var encapsulated = Dcmtk.Dump2Dcm(_temp.Path, "jpeg", TestDumps.Encapsulated("1.2.826.0.1.3680043.2.1125.777"));
        var ours = _temp.File("ours.dcm");
        new DicomFile(new DicomDataset(), Data.WriterTests.BuildDataset()).Save(ours, DicomTransferSyntax.ImplicitVRLittleEndian);

        var sent = files.Select(f => f.Path).Append(encapsulated).Append(ours).ToList();
        var results = await DicomStoreClient.SendFilesAsync(scp.ClientOptions(), sent);

        Assert.All(results, r => Assert.Equal(DicomStatus.Success, r.Status));
        var stored = Directory.GetFiles(output, "*.dcm");
        Assert.Equal(sent.Count, stored.Length);
        foreach (var path in stored)
        {
            var dump = Dcmtk.DumpDataset(path);
            Assert.NotEmpty(dump);
        }
        // Encapsulated fragments arrive untouched.
        var jpeg = DicomFile.Open(stored.Single(p => DicomFile.Open(p, DicomReadOptions.MetadataOnly).Dataset.GetString(DicomTags.SOPInstanceUID) == "1.2.826.0.1.3680043.2.1125.777"));
        Assert.Equal(
            Assert.IsType<DicomFragmentSequence>(DicomFile.Open(encapsulated).Dataset.Get(DicomTags.PixelData)).Fragments.SelectMany(f => f),
            Assert.IsType<DicomFragmentSequence>(jpeg.Dataset.Get(DicomTags.PixelData)).Fragments.SelectMany(f => f));
    }

    [Fact]
    public async Task Echo_to_storescp()
    {
        await using var scp = await StoreScpProcess.StartAsync(_temp.Sub("echo"));
        await using var association = await DicomClientAssociation.ConnectAsync(scp.ClientOptions(),
            [(DicomUids.Verification, [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian])]);
        Assert.Equal(DicomStatus.Success, await association.EchoAsync());
        Assert.Equal(DicomStatus.Success, await association.EchoAsync());
        await association.ReleaseAsync();
    }
}
