using Grid.Dicom.Data;
using Grid.Dicom.Network;
using Grid.Dicom.Tests.Support;

namespace Grid.Dicom.Tests.Network;

/// <summary>
/// By default a provider accepts every storage SOP class of the standard, so a CT study with the objects that come
/// with it arrives whole; what a called AE title accepts can be narrowed per AE title.
/// </summary>
public sealed class StorageSopClassTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Storescu_stores_a_ct_study_with_a_dose_report_a_presentation_state_and_a_key_object_selection()
    {
        var study = StudyWithSupplements.Build(_temp.Sub("study"), ctImages: 3);
        var handler = new RecordingStoreHandler(_temp.Sub("received"));
        await using var server = new DicomServer(new DicomServerOptions { AeTitles = new HashSet<string> { "GRID_SCP" }, SpoolDirectory = _temp.Sub("spool") }, handler);
        server.Start();

        var run = Dcmtk.Run("storescu", ["-aec", "GRID_SCP", "-aet", "CT_SCANNER", "-to", "10", "-ta", "10", "+sd", "127.0.0.1", server.Port.ToString(), Path.Combine(_temp.Path, "study")]);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal(study.Select(i => (i.SopClassUid, i.SopInstanceUid)).Order(),
            handler.Instances.Select(r => (r.Instance.SopClassUid, r.Instance.SopInstanceUid)).Order());
    }

    [Theory]
    [InlineData("1.2.840.10008.5.1.4.1.1.88.67", "X-Ray Radiation Dose SR Storage")]
    [InlineData("1.2.840.10008.5.1.4.1.1.11.1", "Grayscale Softcopy Presentation State Storage")]
    [InlineData("1.2.840.10008.5.1.4.1.1.88.59", "Key Object Selection Document Storage")]
    [InlineData("1.2.840.10008.5.1.4.1.1.88.33", "Comprehensive SR Storage")]
    [InlineData("1.2.840.10008.5.1.4.1.1.66.4", "Segmentation Storage")]
    [InlineData("1.2.840.10008.5.1.4.1.1.2.2", "Legacy Converted Enhanced CT Image Storage")]
    [InlineData("1.2.840.10008.5.1.4.1.1.7.2", "Multi-frame Grayscale Byte Secondary Capture Image Storage")]
    [InlineData("1.2.840.10008.5.1.4.1.1.13.1.3", "Breast Tomosynthesis Image Storage")]
    [InlineData("1.2.840.10008.5.1.4.1.1.1.1.1", "Digital X-Ray Image Storage - For Processing")]
    [InlineData("1.2.840.10008.5.1.4.1.1.66", "Raw Data Storage")]
    public void The_default_accepts_the_objects_of_a_normal_ct_study(string uid, string name)
    {
        Assert.Contains(uid, new DicomServerOptions().StorageSopClasses);
        Assert.Equal(name, DicomStorageSopClasses.NameOf(uid));
    }

    [Fact]
    public async Task Sop_classes_and_transfer_syntaxes_are_chosen_per_called_ae_title()
    {
        await using var server = new DicomServer(new DicomServerOptions
        {
            AeTitles = new HashSet<string> { "ANYTHING", "CT_ONLY" },
            SpoolDirectory = _temp.Sub("spool"),
            AcceptanceByAeTitle = new Dictionary<string, DicomAcceptance>
            {
                ["CT_ONLY"] = new(new HashSet<string> { DicomUids.CTImageStorage }, [DicomUids.ImplicitVRLittleEndian]),
            },
        });
        server.Start();
        (string, IReadOnlyList<string>)[] proposed =
        [
            (DicomUids.CTImageStorage, [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian]),
            (StudyWithSupplements.RadiationDoseSr, [DicomUids.ExplicitVRLittleEndian]),
        ];

        async Task<IReadOnlyList<NegotiatedPresentationContext>> NegotiateAsync(string called)
        {
            await using var association = await DicomClientAssociation.ConnectAsync(
                new DicomClientOptions { Host = "127.0.0.1", Port = server.Port, CalledAeTitle = called }, proposed);
            var results = association.Accept.PresentationContexts;
            await association.ReleaseAsync();
            return results;
        }

        var anything = await NegotiateAsync("ANYTHING");
        var ctOnly = await NegotiateAsync("CT_ONLY");

        Assert.Equal([(PresentationContextResult.Acceptance, DicomUids.ExplicitVRLittleEndian), (PresentationContextResult.Acceptance, DicomUids.ExplicitVRLittleEndian)],
            anything.Select(r => (r.Result, r.TransferSyntax)));
        Assert.Equal((PresentationContextResult.Acceptance, DicomUids.ImplicitVRLittleEndian), (ctOnly[0].Result, ctOnly[0].TransferSyntax));
        Assert.Equal(PresentationContextResult.AbstractSyntaxNotSupported, ctOnly[1].Result);
    }
}
