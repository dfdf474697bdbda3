using Grid.Api.V1;
using Grid.Dicom.Tests.Support;

namespace Grid.Workflows.Dicom.Tests;

/// <summary>dcmtk's storescu sends studies to the manager's ingest AE titles; the matching workflows start with the study's files and tags.</summary>
[Collection("dicom-grid")]
public sealed class IngestTests(GridFixture fixture) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_study_of_three_series_from_storescu_starts_the_matching_workflow_with_its_tags_and_files()
    {
        const int perSeries = 17;
        var study = StudyBuilder.Build(_temp.Sub("study"), perSeries, ["+te"], ["+ti"], ["+te", "-e"]);
        await using var host = await ManagerHost.StartAsync(fixture.Grid.Address, _temp.Sub("manager"),
            ManagerHost.AeTitle(0, "GRID_IN", TimeSpan.FromSeconds(1), "STORESCU", "OTHER_MODALITY"));
        var matching = await host.RegisterAsync(Workflows.TagRouter("tags-match", "GRID_IN", "STORESCU"));
        var otherOrigin = await host.RegisterAsync(Workflows.TagRouter("tags-origin", "GRID_IN", "OTHER_MODALITY"));
        var otherAeTitle = await host.RegisterAsync(Workflows.TagRouter("tags-ae", "OTHER_AET", "STORESCU"));
        var port = host.Ingest.PortOf("GRID_IN").ToString();

        // Series 1 and 3 go explicit VR; series 2 only implicit VR (-xi), each on its own association.
        string[] Args(params string[] extra) => [.. extra, "-aec", "GRID_IN", "-aet", "STORESCU", "-to", "10", "-ta", "10", "+sd", "+r"];
        var explicitRun = Dcmtk.Run("storescu", [.. Args(), "127.0.0.1", port, Path.Combine(_temp.Path, "study", "series1"), Path.Combine(_temp.Path, "study", "series3")]);
        Assert.True(explicitRun.ExitCode == 0, explicitRun.Describe());
        var implicitRun = Dcmtk.Run("storescu", [.. Args("-xi"), "127.0.0.1", port, Path.Combine(_temp.Path, "study", "series2")]);
        Assert.True(implicitRun.ExitCode == 0, implicitRun.Describe());
        Assert.Equal(study.Count, host.Ingest.InstancesStored);

        await Waiting.UntilAsync(() => host.Ingest.GroupsClosed >= 1, TimeSpan.FromSeconds(60), "the study's group to close");
        var instance = Assert.Single(await host.InstancesOfAsync(matching));
        Assert.Empty(await host.InstancesOfAsync(otherOrigin));
        Assert.Empty(await host.InstancesOfAsync(otherAeTitle));
        Assert.Equal(1, host.Ingest.GroupsClosed);

        instance = await host.UntilEndedAsync(instance.InstanceId);
        Assert.True(instance.Status == WorkflowInstanceStatus.Succeeded, ManagerHost.Describe(instance));
        Assert.Equal("GRID_IN", instance.AeTitle);
        Assert.Equal("STORESCU", instance.DataOrigin);
        // Study level: the tags every instance shares; per series: what the series shares.
        Assert.Equal(StudyBuilder.StudyUid, instance.Dicom.StudyId);
        Assert.Equal("PID-0001", instance.Dicom.Tags["0010,0020"]);
        Assert.Equal("Doe^John", instance.Dicom.Tags["0010,0010"]);
        Assert.False(instance.Dicom.Tags.ContainsKey("0008,0060"), "modality differs between series, so it is not a study tag");
        Assert.False(instance.Dicom.Tags.ContainsKey("0008,0018"), "SOP Instance UID differs per instance");
        Assert.Equal(["CT", "MR", "CT"], instance.Dicom.Series.Select(s => s.Tags["0008,0060"]));
        Assert.Equal(study.Select(i => i.SeriesUid).Distinct(), instance.Dicom.Series.Select(s => s.Tags["0020,000E"]));
        Assert.All(instance.Dicom.Series, s => Assert.Equal("1.25", s.Tags["0018,0050"]));
        // series.any(modality) == MR holds, series.all(modality) == MR does not, all slices are thinner than 2.
        Assert.Equal(["route", "some_mr", "all_thin"], instance.Executions.Select(e => e.TaskId));

        // The workflow's input is every instance received, byte for byte, under its series.
        var archived = Path.Combine(_temp.Path, "manager", "exports", instance.InstanceId, "ARCHIVE", "study");
        foreach (var sent in study)
        {
            var received = Path.Combine(archived, sent.SeriesUid, sent.SopInstanceUid + ".dcm");
            Assert.True(File.Exists(received), $"{received} is missing");
            Assert.Equal(ElementsOf(sent.Path), ElementsOf(received));
        }
        Assert.Equal(study.Count, Directory.EnumerateFiles(archived, "*.dcm", SearchOption.AllDirectories).Count());
        Assert.Equal(0, host.Ingest.OpenGroups);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(host.Ingest.Folder, "groups")));
    }

    /// <summary>
    /// dcmdump's view of the data set without the length encoding of sequences and items: storescu may send an
    /// undefined-length sequence with explicit lengths, which changes no value.
    /// </summary>
    private static string[] ElementsOf(string path) =>
        Dcmtk.DumpDataset(path, includeTransferSyntaxLine: false)
            .Where(line => !line.TrimStart().StartsWith("(fffe,e00d)", StringComparison.Ordinal) && !line.TrimStart().StartsWith("(fffe,e0dd)", StringComparison.Ordinal))
            .Select(line => line.Contains(" SQ (Sequence", StringComparison.Ordinal) || line.Contains(" na (Item", StringComparison.Ordinal)
                ? line[..(line.IndexOf(')') + 1)]
                : line)
            .ToArray();

    [Fact]
    public async Task An_unknown_called_ae_title_and_a_calling_ae_title_not_allowed_are_rejected()
    {
        await using var host = await ManagerHost.StartAsync(fixture.Grid.Address, _temp.Sub("manager"),
            ManagerHost.AeTitle(0, "GRID_ONLY", TimeSpan.FromSeconds(1), "FRIEND"));
        var port = host.Ingest.PortOf("GRID_ONLY").ToString();

        var unknownCalled = Dcmtk.Run("echoscu", ["-aec", "NOT_ME", "-aet", "FRIEND", "-to", "5", "-ta", "5", "127.0.0.1", port]);
        var notAllowed = Dcmtk.Run("echoscu", ["-aec", "GRID_ONLY", "-aet", "STRANGER", "-to", "5", "-ta", "5", "127.0.0.1", port]);
        var friend = Dcmtk.Run("echoscu", ["-aec", "GRID_ONLY", "-aet", "FRIEND", "-to", "5", "-ta", "5", "127.0.0.1", port]);

        Assert.NotEqual(0, unknownCalled.ExitCode);
        Assert.Contains("Called AE Title Not Recognized", unknownCalled.StandardError + unknownCalled.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(0, notAllowed.ExitCode);
        Assert.Contains("Calling AE Title Not Recognized", notAllowed.StandardError + notAllowed.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.True(friend.ExitCode == 0, friend.Describe());
    }

    [Fact]
    public async Task A_group_in_progress_survives_a_restart_and_closes_with_every_instance()
    {
        const int perSeries = 6;
        var study = StudyBuilder.Build(_temp.Sub("study"), perSeries, ["+te"], ["+ti"], ["+te"]);
        var data = _temp.Sub("manager");
        string workflowId;
        string[] Args(int port, params string[] folders) =>
            ["-aec", "GRID_RESTART", "-aet", "STORESCU", "-to", "10", "-ta", "10", "+sd", "+r", "127.0.0.1", port.ToString(), .. folders];

        // First run: a timeout that cannot expire during the test, so the group is still open when the host stops.
        await using (var first = await ManagerHost.StartAsync(fixture.Grid.Address, data, ManagerHost.AeTitle(0, "GRID_RESTART", TimeSpan.FromHours(1))))
        {
            workflowId = await first.RegisterAsync(Workflows.TagRouter("restart-ingest", "GRID_RESTART", "STORESCU"));
            var run = Dcmtk.Run("storescu", Args(first.Ingest.PortOf("GRID_RESTART"), Path.Combine(_temp.Path, "study", "series1"), Path.Combine(_temp.Path, "study", "series2")));
            Assert.True(run.ExitCode == 0, run.Describe());
            Assert.Equal(2 * perSeries, first.Ingest.InstancesStored);
            Assert.Equal(1, first.Ingest.OpenGroups);
            Assert.Equal(0, first.Ingest.GroupsClosed);

            // What a crash in the middle of a transfer leaves: a half-received spool file. Never acknowledged, so it must go.
            File.WriteAllBytes(Path.Combine(first.Ingest.Folder, "spool", "grid-dicom-crashed.part"), new byte[1000]);
        }

        // Second run on the same data folder: the open group is back; the rest of the study joins it. The timeout
        // restarts with the host and must outlast starting storescu on a loaded machine (1 s did not, once, on CI).
        await using var second = await ManagerHost.StartAsync(fixture.Grid.Address, data, ManagerHost.AeTitle(0, "GRID_RESTART", TimeSpan.FromSeconds(15)));
        Assert.Equal(1, second.Ingest.OpenGroups);
        Assert.Empty(Directory.GetFiles(Path.Combine(second.Ingest.Folder, "spool")));
        var rest = Dcmtk.Run("storescu", Args(second.Ingest.PortOf("GRID_RESTART"), Path.Combine(_temp.Path, "study", "series3")));
        Assert.True(rest.ExitCode == 0, rest.Describe());

        await Waiting.UntilAsync(() => second.Ingest.GroupsClosed >= 1, TimeSpan.FromSeconds(60), "the resumed group to close");
        var instance = await second.UntilEndedAsync(Assert.Single(await second.InstancesOfAsync(workflowId)).InstanceId);
        Assert.True(instance.Status == WorkflowInstanceStatus.Succeeded, ManagerHost.Describe(instance));
        Assert.Equal(3, instance.Dicom.Series.Count);
        var archived = Path.Combine(data, "exports", instance.InstanceId, "ARCHIVE", "study");
        Assert.Equal(study.Select(i => $"{i.SeriesUid}/{i.SopInstanceUid}.dcm").Order(),
            Directory.EnumerateFiles(archived, "*.dcm", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(archived, f).Replace('\\', '/')).Order());
    }
}
