using Grid.Dicom.Data;
using Grid.Dicom.Network;
using Grid.Dicom.Tests.Support;

namespace Grid.Dicom.Tests.Network;

/// <summary>Our provider (SCP) against dcmtk's echoscu and storescu, and against our own user.</summary>
public sealed class ProviderTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private RecordingStoreHandler _handler = null!;
    private DicomServer _server = null!;

    public Task InitializeAsync()
    {
        _handler = new RecordingStoreHandler(_temp.Sub("received"));
        _server = new DicomServer(new DicomServerOptions
        {
            AeTitles = new HashSet<string> { "GRID_SCP" },
            ArtimTimeout = TimeSpan.FromSeconds(5),
            IdleTimeout = TimeSpan.FromSeconds(20),
            MaxPduLength = 16384,
        }, _handler);
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private DicomClientOptions Client(string called = "GRID_SCP", string calling = "GRID_TEST") => new()
    {
        Host = "127.0.0.1", Port = _server.Port, CalledAeTitle = called, CallingAeTitle = calling,
        ArtimTimeout = TimeSpan.FromSeconds(5), DimseTimeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public void Echoscu_succeeds()
    {
        var result = Dcmtk.Run("echoscu", ["-aec", "GRID_SCP", "-aet", "ECHOSCU", "-to", "5", "-ta", "5", "127.0.0.1", _server.Port.ToString()]);
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.True(_server.Statistics.Accepted >= 1);
    }

    [Fact]
    public void Echoscu_to_an_unknown_called_ae_is_rejected()
    {
        var result = Dcmtk.Run("echoscu", ["-aec", "NOT_ME", "-to", "5", "-ta", "5", "127.0.0.1", _server.Port.ToString()]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Called AE Title Not Recognized", result.StandardError + result.StandardOutput, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Our_user_gets_the_proper_reject_reasons()
    {
        var called = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() =>
            DicomClientAssociation.ConnectAsync(Client(called: "NOT_ME"), [(DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian])]));
        Assert.Equal(new AssociateReject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReasons.CalledAeTitleNotRecognized), called.Reject);

        await using var restricted = new DicomServer(new DicomServerOptions
        {
            AeTitles = new HashSet<string> { "GRID_SCP" },
            AllowedCallingAeTitles = new HashSet<string> { "FRIEND" },
        });
        restricted.Start();
        var calling = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() =>
            DicomClientAssociation.ConnectAsync(Client() with { Port = restricted.Port }, [(DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian])]));
        Assert.Equal(RejectReasons.CallingAeTitleNotRecognized, calling.Reject.Reason);

        await using var friend = await DicomClientAssociation.ConnectAsync(Client(calling: "FRIEND") with { Port = restricted.Port },
            [(DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian])]);
        Assert.Equal(DicomStatus.Success, await friend.EchoAsync());
        await friend.ReleaseAsync();
    }

    [Fact]
    public async Task Unsupported_sop_class_and_transfer_syntax_are_rejected_per_context()
    {
        await using var association = await DicomClientAssociation.ConnectAsync(Client(),
        [
            (DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian]),
            ("1.2.3.4.5.6.7.8.9", [DicomUids.ExplicitVRLittleEndian]),
            (DicomUids.CTImageStorage, ["1.2.3.999"]),
            (DicomUids.CTImageStorage, ["1.2.3.999", DicomUids.ImplicitVRLittleEndian, DicomUids.ExplicitVRLittleEndian]),
        ]);
        var results = association.Accept.PresentationContexts;
        Assert.Equal(PresentationContextResult.Acceptance, results[0].Result);
        Assert.Equal(PresentationContextResult.AbstractSyntaxNotSupported, results[1].Result);
        Assert.Equal(PresentationContextResult.TransferSyntaxesNotSupported, results[2].Result);
        Assert.Equal(PresentationContextResult.Acceptance, results[3].Result);
        Assert.Equal(DicomUids.ExplicitVRLittleEndian, results[3].TransferSyntax);
        Assert.Equal(DicomUids.ImplementationClassUid, association.Accept.UserInformation.ImplementationClassUid);
        Assert.Equal(16384u, association.Accept.UserInformation.MaxPduLength);
        Assert.Equal(DicomStatus.Success, await association.EchoAsync());
        await association.ReleaseAsync();
    }

    [Fact]
    public async Task Storescu_sends_a_study_of_three_series_and_every_instance_arrives()
    {
        const int perSeries = 17;
        var study = StudyBuilder.Build(_temp.Sub("study"), perSeries, ["+te"], ["+ti"], ["+te", "-e"]);
        string[] Args(params string[] extra) => [.. extra, "-aec", "GRID_SCP", "-aet", "STORESCU", "-to", "10", "-ta", "10", "+sd", "+r"];

        // Series 1 and 3: storescu proposes explicit VR first; series 2 only implicit VR (-xi).
        var explicitRun = Dcmtk.Run("storescu", [.. Args(), "127.0.0.1", _server.Port.ToString(), Path.Combine(_temp.Path, "study", "series1"), Path.Combine(_temp.Path, "study", "series3")], TimeSpan.FromSeconds(60));
        Assert.True(explicitRun.ExitCode == 0, explicitRun.Describe());
        var implicitRun = Dcmtk.Run("storescu", [.. Args("-xi"), "127.0.0.1", _server.Port.ToString(), Path.Combine(_temp.Path, "study", "series2")], TimeSpan.FromSeconds(60));
        Assert.True(implicitRun.ExitCode == 0, implicitRun.Describe());

        await Waiting.UntilAsync(() => _handler.Instances.Count >= study.Count, TimeSpan.FromSeconds(10), "all instances");
        var received = _handler.Instances.ToDictionary(r => r.Instance.SopInstanceUid);
        Assert.Equal(3 * perSeries, received.Count);
        foreach (var sent in study)
        {
            var got = received[sent.SopInstanceUid];
            var metadata = got.Instance.Metadata;
            Assert.Equal("STORESCU", got.Instance.CallingAeTitle);
            Assert.Equal(StudyBuilder.StudyUid, metadata.GetString(DicomTags.StudyInstanceUID));
            Assert.Equal(sent.SeriesUid, metadata.GetString(DicomTags.SeriesInstanceUID));
            Assert.Equal(sent.InstanceNumber, metadata.GetInt32(DicomTags.InstanceNumber));
            Assert.Equal("Doe^John", metadata.GetString(DicomTags.PatientName));
            Assert.False(metadata.Contains(DicomTags.PixelData));
            var expectedSyntax = sent.SeriesNumber == 2 ? DicomUids.ImplicitVRLittleEndian : DicomUids.ExplicitVRLittleEndian;
            Assert.Equal(expectedSyntax, got.Instance.TransferSyntaxUid);

            var saved = DicomFile.Open(got.SavedPath);
            Assert.Equal(expectedSyntax, saved.TransferSyntax.Uid);
            Assert.Equal(DicomFile.Open(sent.Path).Dataset.GetElement(DicomTags.PixelData)!.Value, saved.Dataset.GetElement(DicomTags.PixelData)!.Value);
        }
        // What the handler kept is a valid Part 10 file for dcmtk too.
        foreach (var sample in new[] { study[0], study[perSeries], study[^1] })
            Assert.Contains("(0020,0013) IS [" + sample.InstanceNumber + "]", string.Join('\n', Dcmtk.DumpDataset(received[sample.SopInstanceUid].SavedPath)));
    }

    [Fact]
    public async Task Several_associations_are_served_at_once()
    {
        var files = StudyBuilder.Build(_temp.Sub("parallel"), 4, ["+te"], ["+ti"], ["+te"]);
        var sends = files.GroupBy(f => f.SeriesNumber).Select(series => Task.Run(() =>
            DicomStoreClient.SendFilesAsync(Client(calling: $"SCU{series.Key}"), series.Select(f => f.Path)))).ToList();
        var echoes = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await using var association = await DicomClientAssociation.ConnectAsync(Client(), [(DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian])]);
            var status = await association.EchoAsync();
            await association.ReleaseAsync();
            return status;
        })).ToList();

        foreach (var results in await Task.WhenAll(sends))
            Assert.All(results, r => Assert.Equal(DicomStatus.Success, r.Status));
        Assert.All(await Task.WhenAll(echoes), s => Assert.Equal(DicomStatus.Success, s));
        Assert.Equal(files.Count, _handler.Instances.Count);
    }
}
