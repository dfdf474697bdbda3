using Grid.Api.V1;
using Grid.Dicom.Data;
using Grid.Dicom.Tests.Support;
using Grid.Workflows.Engine.Execution;
using Grid.Workflows.Worker.Protocol;

namespace Grid.Workflows.Dicom.Tests;

/// <summary>Export converts a file to a transfer syntax the destination accepts, and says per file why when it cannot.</summary>
[Collection("dicom-grid")]
public sealed class TranscodingExportTests(GridFixture fixture) : IDisposable
{
    private const string StudyUid = "1.2.826.0.1.3680043.2.1125.9200";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Image(string name, int instance, string extra = "", params string[] dump2dcmOptions) => Dcmtk.Dump2Dcm(_temp.Sub("source"), name,
        TestDumps.Image(DicomUids.CTImageStorage, $"{StudyUid}.1.{instance}", StudyUid, $"{StudyUid}.1", 1, instance, rows: 16, columns: 16) + extra,
        dump2dcmOptions);

    private static string[] ValuesOnly(string path) =>
        Dcmtk.DumpDataset(path, includeTransferSyntaxLine: false).Select(l => l.Split(" #")[0].TrimEnd()).ToArray();

    private async Task<(ManagerHost Host, WorkflowInstance Instance)> ExportAsync(StoreScpProcess storescp, params string[] files)
    {
        var host = await ManagerHost.StartAsync(fixture.Grid.Address, _temp.Sub("manager"), new Dictionary<string, string?>());
        await host.Destinations.PutDicomDestinationAsync(new PutDicomDestinationRequest
        {
            Destination = new Grid.Api.V1.DicomDestination { Name = "PACS", AeTitle = StoreScpProcess.AeTitle, Host = "127.0.0.1", Port = storescp.Port },
        });
        var workflowId = await host.RegisterAsync(Workflows.ExportTo("to-pacs", "GRID_EXPORT", "PACS"));
        var payload = new TriggerPayload
        {
            WorkflowIds = [workflowId],
            Files = files.Select(f => new ArtifactFile($"{StudyUid}.1/{Path.GetFileName(f)}", File.ReadAllBytes(f))).ToList(),
        };
        var started = await host.Engine.TriggerAsync(payload, default);
        return (host, await host.UntilEndedAsync(Assert.Single(started).InstanceId));
    }

    [Fact]
    public async Task A_destination_that_accepts_only_implicit_VR_gets_deflated_and_RLE_files_decompressed_and_a_JPEG_file_fails_with_its_reason()
    {
        var deflated = Image("deflated", 1, "", "+td");
        var native = Image("native", 2, "", "+te");
        var rle = _temp.File("rle.dcm");
        Dcmtk.RunChecked("dcmcrle", native, rle);
        var jpeg = Dcmtk.Dump2Dcm(_temp.Sub("jpeg"), "jpeg", TestDumps.Encapsulated($"{StudyUid}.1.3"));
        await using var storescp = await StoreScpProcess.StartAsync(_temp.Sub("pacs"), transferSyntaxes: "+xi");

        var (host, instance) = await ExportAsync(storescp, deflated, rle, jpeg);
        await using var _ = host;

        Assert.Equal(WorkflowInstanceStatus.Failed, instance.Status);
        var files = Assert.Single(instance.Executions).ExportFiles.ToDictionary(f => Path.GetFileName(f.Path));
        Assert.Equal(ExportFileOutcome.Sent, files["deflated.dcm"].Outcome);
        Assert.Equal(ExportFileOutcome.Sent, files["rle.dcm"].Outcome);
        Assert.Equal(ExportFileOutcome.Failed, files["jpeg.dcm"].Outcome);
        Assert.Equal("the destination accepted no presentation context for SOP class 1.2.840.10008.5.1.4.1.1.7 in transfer syntax "
            + "JPEG Baseline (1.2.840.10008.1.2.4.50) (Grid cannot decompress JPEG Baseline (1.2.840.10008.1.2.4.50), so no other was offered)",
            files["jpeg.dcm"].Error);

        // storescp wrote what it received: implicit VR, with the values of the source (private ones have no VR there).
        static string[] Public(string[] lines) => lines.Where(l => !l.StartsWith("(0029,1", StringComparison.Ordinal)).ToArray();
        var received = Directory.GetFiles(storescp.OutputFolder, "*.dcm").ToDictionary(f => DicomFile.Open(f).Dataset.GetString(DicomTags.SOPInstanceUID)!);
        Assert.Equal(2, received.Count);
        foreach (var (source, uid) in new[] { (deflated, $"{StudyUid}.1.1"), (native, $"{StudyUid}.1.2") })
        {
            Assert.Equal(DicomUids.ImplicitVRLittleEndian, DicomFile.Open(received[uid]).TransferSyntax.Uid);
            Assert.Equal(Public(ValuesOnly(source)), Public(ValuesOnly(received[uid])));
        }
    }

    [Fact]
    public async Task An_implicit_VR_file_sent_to_a_destination_that_chose_explicit_VR_has_the_VRs_dcmconv_gives_it()
    {
        var source = Image("implicit", 1, StandardAttributesDump.Lines().Replace("(0028,0103) US 0\n", ""), "+ti");
        var reference = _temp.File("dcmconv.dcm");
        Dcmtk.RunChecked("dcmconv", "+te", source, reference);
        await using var storescp = await StoreScpProcess.StartAsync(_temp.Sub("pacs"));

        var (host, instance) = await ExportAsync(storescp, source);
        await using var _ = host;

        Assert.True(instance.Status == WorkflowInstanceStatus.Succeeded, ManagerHost.Describe(instance));
        var received = Assert.Single(Directory.GetFiles(storescp.OutputFolder, "*.dcm"));
        Assert.Equal(DicomUids.ExplicitVRLittleEndian, DicomFile.Open(received).TransferSyntax.Uid);
        var expected = ValuesOnly(reference);
        Assert.Equal(expected, ValuesOnly(received));
        Assert.Contains("(0018,5101) CS [PA]", expected);
        Assert.Contains(expected, l => l.StartsWith("        (0008,0104) LO [Finding]", StringComparison.Ordinal));
    }
}
