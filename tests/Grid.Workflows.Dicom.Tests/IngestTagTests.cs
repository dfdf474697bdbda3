using Grid.Api.V1;
using Grid.Dicom.Data;
using Grid.Dicom.Tests.Support;

namespace Grid.Workflows.Dicom.Tests;

/// <summary>
/// The tags a workflow sees do not depend on the transfer syntax the sender chose, and names in the character sets
/// of PS3.3 C.12.1.1.2 arrive decoded (or, when they cannot be, are left out and the payload says why).
/// </summary>
[Collection("dicom-grid")]
public sealed class IngestTagTests(GridFixture fixture) : IDisposable
{
    private const string StudyUid = "1.2.826.0.1.3680043.2.1125.9100";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>One instance per series folder, from dump text; returns the series folders.</summary>
    private string Series(int number, string dump)
    {
        var folder = _temp.Sub($"series{number}");
        Dcmtk.Dump2Dcm(folder, "img", dump, "+te");
        return folder;
    }

    private static string Image(int series, string patientName = "Doe^John", string characterSet = "") =>
        TestDumps.Image(DicomUids.CTImageStorage, $"{StudyUid}.{series}.1", StudyUid, $"{StudyUid}.{series}", 1, 1,
            patientName: patientName, characterSet: characterSet);

    private async Task<WorkflowInstance> ReceiveAsync(ManagerHost host, string workflowId, params (string Folder, string[] StoreScuOptions)[] sends)
    {
        var port = host.Ingest.PortOf("GRID_TAGS").ToString();
        foreach (var (folder, options) in sends)
        {
            var run = Dcmtk.Run("storescu", [.. options, "-aec", "GRID_TAGS", "-aet", "STORESCU", "-to", "10", "-ta", "10", "+sd", "+r", "127.0.0.1", port, folder]);
            Assert.True(run.ExitCode == 0, run.Describe());
        }
        await Waiting.UntilAsync(() => host.Ingest.GroupsClosed >= 1, TimeSpan.FromSeconds(60), "the study's group to close");
        var instance = await host.UntilEndedAsync(Assert.Single(await host.InstancesOfAsync(workflowId)).InstanceId);
        Assert.True(instance.Status == WorkflowInstanceStatus.Succeeded, ManagerHost.Describe(instance));
        return instance;
    }

    [Fact]
    public async Task The_same_data_set_sent_in_implicit_and_in_explicit_VR_gives_the_same_tags()
    {
        var explicitSeries = Series(1, Image(1) + StandardAttributesDump.Lines());
        var implicitSeries = Series(2, Image(2) + StandardAttributesDump.Lines());
        await using var host = await ManagerHost.StartAsync(fixture.Grid.Address, _temp.Sub("manager"),
            ManagerHost.AeTitle(0, "GRID_TAGS", TimeSpan.FromSeconds(1)));
        var workflowId = await host.RegisterAsync(Workflows.TagRouter("tags-by-syntax", "GRID_TAGS", "STORESCU"));

        var instance = await ReceiveAsync(host, workflowId, (explicitSeries, ["-xe"]), (implicitSeries, ["-xi"]));

        // The archived input shows each series arrived in the syntax its sender proposed.
        var archived = Path.Combine(_temp.Path, "manager", "exports", instance.InstanceId, "ARCHIVE", "study");
        Assert.Equal(DicomUids.ExplicitVRLittleEndian, DicomFile.Open(Path.Combine(archived, $"{StudyUid}.1", $"{StudyUid}.1.1.dcm")).TransferSyntax.Uid);
        Assert.Equal(DicomUids.ImplicitVRLittleEndian, DicomFile.Open(Path.Combine(archived, $"{StudyUid}.2", $"{StudyUid}.2.1.dcm")).TransferSyntax.Uid);

        var (viaExplicit, viaImplicit) = (instance.Dicom.Series[0].Tags, instance.Dicom.Series[1].Tags);
        Assert.Equal("PA", viaExplicit["0018,5101"]);
        Assert.Equal("PA", viaImplicit["0018,5101"]);
        Assert.Equal(StandardAttributesDump.PrivateText, viaExplicit["0029,1012"]);
        Assert.Equal(StandardAttributesDump.PrivateText, viaImplicit["0029,1012"]);
        Assert.Equal("PA", instance.Dicom.Tags["0018,5101"]);
        Assert.Equal(StandardAttributesDump.PrivateText, instance.Dicom.Tags["0029,1012"]);
        // Only the UIDs differ, and the private binary numbers (UL, FD) whose VR implicit VR does not carry.
        var differing = viaExplicit.Keys.Union(viaImplicit.Keys)
            .Where(k => viaExplicit.GetValueOrDefault(k) != viaImplicit.GetValueOrDefault(k)).Order(StringComparer.Ordinal);
        Assert.Equal(["0008,0018", "0020,000E", "0029,1010", "0029,1011"], differing);
    }

    [Fact]
    public async Task Cyrillic_and_Japanese_names_are_decoded_and_an_unknown_character_set_is_named()
    {
        var cyrillic = Series(1, Image(1, CharacterSetSamples.AsDumpText(CharacterSetSamples.CyrillicBytes), "ISO_IR 144"));
        var japanese = Series(2, Image(2, CharacterSetSamples.AsDumpText(CharacterSetSamples.JapaneseBytes), "\\ISO 2022 IR 87"));
        var unknown = Series(3, Image(3, CharacterSetSamples.AsDumpText([0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72]), "ISO_IR 999"));
        await using var host = await ManagerHost.StartAsync(fixture.Grid.Address, _temp.Sub("manager"),
            ManagerHost.AeTitle(0, "GRID_TAGS", TimeSpan.FromSeconds(1)));
        var workflowId = await host.RegisterAsync(Workflows.TagRouter("tags-by-charset", "GRID_TAGS", "STORESCU"));

        var instance = await ReceiveAsync(host, workflowId, (cyrillic, []), (japanese, []), (unknown, []));

        var series = instance.Dicom.Series;
        Assert.Equal(CharacterSetSamples.Cyrillic, series[0].Tags["0010,0010"]);
        Assert.Equal(CharacterSetSamples.Japanese, series[1].Tags["0010,0010"]);
        Assert.False(series[2].Tags.ContainsKey("0010,0010"), "a name that cannot be decoded is left out, not guessed");
        Assert.Equal("ISO_IR 999 (character set 'ISO_IR 999' is not one Grid can decode; not decoded, so left out: 0010,0010)",
            series[2].Tags["0008,0005"]);
        Assert.Equal("PID-0001", instance.Dicom.Tags["0010,0020"]);
    }
}
