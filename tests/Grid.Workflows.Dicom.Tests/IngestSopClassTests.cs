using Grid.Api.V1;
using Grid.Dicom.Data;
using Grid.Dicom.Network;
using Grid.Dicom.Tests.Support;

namespace Grid.Workflows.Dicom.Tests;

/// <summary>The ingest ports take every storage SOP class by default; an AE title can narrow SOP classes and transfer syntaxes.</summary>
[Collection("dicom-grid")]
public sealed class IngestSopClassTests(GridFixture fixture) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_ct_study_with_a_dose_report_a_presentation_state_and_a_key_object_selection_is_stored_whole()
    {
        var study = StudyWithSupplements.Build(_temp.Sub("study"), ctImages: 4);
        await using var host = await ManagerHost.StartAsync(fixture.Grid.Address, _temp.Sub("manager"), ManagerHost.AeTitle(0, "GRID_CT", TimeSpan.FromSeconds(1)));
        var workflowId = await host.RegisterAsync(Workflows.ExportTo("ct-supplements", "GRID_CT", "ARCHIVE"));

        var run = Dcmtk.Run("storescu", ["-aec", "GRID_CT", "-aet", "CT_SCANNER", "-to", "10", "-ta", "10", "+sd",
            "127.0.0.1", host.Ingest.PortOf("GRID_CT").ToString(), Path.Combine(_temp.Path, "study")]);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal(study.Count, host.Ingest.InstancesStored);
        await Waiting.UntilAsync(() => host.Ingest.GroupsClosed >= 1, TimeSpan.FromSeconds(60), "the study's group to close");
        var instance = await host.UntilEndedAsync(Assert.Single(await host.InstancesOfAsync(workflowId)).InstanceId);
        Assert.True(instance.Status == WorkflowInstanceStatus.Succeeded, ManagerHost.Describe(instance));
        var archived = Path.Combine(_temp.Path, "manager", "exports", instance.InstanceId, "ARCHIVE", "study");
        Assert.Equal(study.Select(i => $"{i.SeriesUid}/{i.SopInstanceUid}.dcm").Order(),
            Directory.EnumerateFiles(archived, "*.dcm", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(archived, f)).Order());
    }

    [Fact]
    public async Task Sop_classes_and_transfer_syntaxes_are_configured_per_ae_title()
    {
        var settings = ManagerHost.AeTitle(0, "GRID_ALL", TimeSpan.FromSeconds(1));
        foreach (var (key, value) in ManagerHost.AeTitle(1, "GRID_CT_ONLY", TimeSpan.FromSeconds(1))) settings[key] = value;
        settings["Grid:Workflows:Dicom:AeTitles:1:SopClasses:0"] = DicomUids.CTImageStorage;
        settings["Grid:Workflows:Dicom:AeTitles:1:TransferSyntaxes:0"] = DicomUids.ImplicitVRLittleEndian;
        await using var host = await ManagerHost.StartAsync(fixture.Grid.Address, _temp.Sub("manager"), settings);

        async Task<IReadOnlyList<NegotiatedPresentationContext>> NegotiateAsync(string called)
        {
            await using var association = await DicomClientAssociation.ConnectAsync(
                new DicomClientOptions { Host = "127.0.0.1", Port = host.Ingest.PortOf(called), CalledAeTitle = called },
                [
                    (DicomUids.CTImageStorage, [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian]),
                    (StudyWithSupplements.RadiationDoseSr, [DicomUids.ExplicitVRLittleEndian]),
                ]);
            var results = association.Accept.PresentationContexts;
            await association.ReleaseAsync();
            return results;
        }

        var all = await NegotiateAsync("GRID_ALL");
        var ctOnly = await NegotiateAsync("GRID_CT_ONLY");

        Assert.All(all, r => Assert.Equal((PresentationContextResult.Acceptance, DicomUids.ExplicitVRLittleEndian), (r.Result, r.TransferSyntax)));
        Assert.Equal((PresentationContextResult.Acceptance, DicomUids.ImplicitVRLittleEndian), (ctOnly[0].Result, ctOnly[0].TransferSyntax));
        Assert.Equal(PresentationContextResult.AbstractSyntaxNotSupported, ctOnly[1].Result);
    }
}
