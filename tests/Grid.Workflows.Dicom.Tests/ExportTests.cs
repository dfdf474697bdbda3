using System.Net.Http.Json;
using Grid.Api.V1;
using Grid.Dicom.Network;
using Grid.Dicom.Tests.Support;
using Grid.Workflows.Engine.Execution;
using Grid.Workflows.Worker.Protocol;
using Grpc.Core;

namespace Grid.Workflows.Dicom.Tests;

/// <summary>Export tasks send their DICOM artifacts to DICOM destinations: dcmtk's storescp, or a provider that refuses some files.</summary>
[Collection("dicom-grid")]
public sealed class ExportTests(GridFixture fixture) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_received_study_is_exported_to_storescp_and_dcmdump_reads_every_file()
    {
        var study = StudyBuilder.Build(_temp.Sub("study"), 4, ["+te"], ["+ti"], ["+te", "-e"]);
        await using var storescp = await StoreScpProcess.StartAsync(_temp.Sub("pacs"));
        await using var host = await ManagerHost.StartAsync(fixture.Grid.Address, _temp.Sub("manager"), ManagerHost.AeTitle(0, "GRID_EXPORT", TimeSpan.FromSeconds(1)));
        var put = await host.Http.PutAsJsonAsync("/api/dicom-destinations/PACS", new { ae_title = StoreScpProcess.AeTitle, host = "127.0.0.1", port = storescp.Port });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var workflowId = await host.RegisterAsync(Workflows.ExportTo("to-pacs", "GRID_EXPORT", "PACS"));

        var run = Dcmtk.Run("storescu", ["-aec", "GRID_EXPORT", "-aet", "MODALITY", "-to", "10", "-ta", "10", "+sd", "+r",
            "127.0.0.1", host.Ingest.PortOf("GRID_EXPORT").ToString(), Path.Combine(_temp.Path, "study")]);
        Assert.True(run.ExitCode == 0, run.Describe());
        await Waiting.UntilAsync(() => host.Ingest.GroupsClosed >= 1, TimeSpan.FromSeconds(60), "the study's group to close");
        var instance = await host.UntilEndedAsync(Assert.Single(await host.InstancesOfAsync(workflowId)).InstanceId);

        Assert.True(instance.Status == WorkflowInstanceStatus.Succeeded, ManagerHost.Describe(instance));
        var export = Assert.Single(instance.Executions);
        Assert.Equal(study.Count, export.ExportFiles.Count);
        Assert.All(export.ExportFiles, f =>
        {
            Assert.Equal(ExportFileOutcome.Sent, f.Outcome);
            Assert.Equal("PACS", f.Destination);
            Assert.Equal(1, f.Attempts);
            Assert.Equal(0, f.DimseStatus);
        });
        Assert.Equal(study.Select(i => i.SopInstanceUid).Order(), export.ExportFiles.Select(f => f.SopInstanceUid).Order());
        var written = Directory.GetFiles(storescp.OutputFolder, "*.dcm");
        Assert.Equal(study.Count, written.Length);
        foreach (var file in written)
            Assert.Contains("(0010,0020) LO [PID-0001]", string.Join('\n', Dcmtk.DumpDataset(file)));
    }

    [Fact]
    public async Task An_export_to_a_destination_that_is_down_is_retried_until_it_answers_and_each_file_shows_its_attempts()
    {
        var study = StudyBuilder.Build(_temp.Sub("study"), 3, ["+te"], ["+ti"]);
        var port = Waiting.FreePort();
        await using var host = await ManagerHost.StartAsync(fixture.Grid.Address, _temp.Sub("manager"), new Dictionary<string, string?>
        {
            ["Grid:Workflows:Dicom:Destinations:0:Name"] = "LATE_PACS",
            ["Grid:Workflows:Dicom:Destinations:0:AeTitle"] = StoreScpProcess.AeTitle,
            ["Grid:Workflows:Dicom:Destinations:0:Host"] = "127.0.0.1",
            ["Grid:Workflows:Dicom:Destinations:0:Port"] = port.ToString(),
        });
        var workflowId = await host.RegisterAsync(Workflows.ExportTo("to-late-pacs", "GRID_LATE", "LATE_PACS"));

        // The export runs inside the trigger (it is the first task), so the trigger returns once the export ended.
        var trigger = host.Engine.TriggerAsync(new TriggerPayload { WorkflowIds = [workflowId], Files = Files(study) }, default);
        await Waiting.UntilAsync(() => host.ExportStatistics.FailedAssociations >= 1 || trigger.IsCompleted, TimeSpan.FromSeconds(30), "a refused association");
        Assert.False(trigger.IsCompleted, "the export ended before the destination was started");
        await using var storescp = await StoreScpProcess.StartAsync(_temp.Sub("pacs"), port);
        var instance = await host.UntilEndedAsync(Assert.Single(await trigger).InstanceId);

        Assert.True(instance.Status == WorkflowInstanceStatus.Succeeded, ManagerHost.Describe(instance));
        var files = Assert.Single(instance.Executions).ExportFiles;
        Assert.Equal(study.Count, files.Count);
        Assert.All(files, f => Assert.Equal(ExportFileOutcome.Sent, f.Outcome));
        Assert.All(files, f => Assert.True(f.Attempts >= 2, $"{f.Path} was sent on attempt {f.Attempts}"));
        Assert.Equal(study.Count, Directory.GetFiles(storescp.OutputFolder, "*.dcm").Length);
    }

    [Fact]
    public async Task A_destination_that_refuses_some_files_fails_the_export_and_names_each_refused_file()
    {
        var study = StudyBuilder.Build(_temp.Sub("study"), 3, ["+te"], ["+ti"]);
        var refusedSeries = study.First(i => i.SeriesNumber == 2).SeriesUid;
        // A provider that is out of resources for the second series only.
        await using var pacs = new DicomServer(new DicomServerOptions { AeTitles = new HashSet<string> { "PICKY" } },
            new DelegateStoreHandler((instance, _) => Task.FromResult(
                instance.Metadata.GetString(Grid.Dicom.Data.DicomTags.SeriesInstanceUID) == refusedSeries ? DicomStatus.OutOfResources : DicomStatus.Success)));
        pacs.Start();
        await using var host = await ManagerHost.StartAsync(fixture.Grid.Address, _temp.Sub("manager"), new Dictionary<string, string?>());
        await host.Destinations.PutDicomDestinationAsync(new PutDicomDestinationRequest
        {
            Destination = new Grid.Api.V1.DicomDestination { Name = "PICKY_PACS", AeTitle = "PICKY", Host = "127.0.0.1", Port = pacs.Port },
        });
        var workflowId = await host.RegisterAsync(Workflows.ExportTo("to-picky", "GRID_PICKY", "PICKY_PACS"));

        var started = await host.Engine.TriggerAsync(new TriggerPayload { WorkflowIds = [workflowId], Files = Files(study) }, default);
        var instance = await host.UntilEndedAsync(Assert.Single(started).InstanceId);

        Assert.Equal(WorkflowInstanceStatus.Failed, instance.Status);
        var export = Assert.Single(instance.Executions);
        Assert.Equal(Grid.Api.V1.TaskExecutionStatus.Failed, export.Status);
        Assert.Contains("export failed for 3 of 6 files", export.ErrorMessage);
        foreach (var file in export.ExportFiles)
        {
            var refused = file.Path.StartsWith(refusedSeries + "/", StringComparison.Ordinal);
            Assert.Equal(refused ? ExportFileOutcome.Failed : ExportFileOutcome.Sent, file.Outcome);
            Assert.Equal(refused ? DicomStatus.OutOfResources : DicomStatus.Success, file.DimseStatus);
            if (refused) Assert.Contains("0xA700", file.Error);
        }
        Assert.Equal(6, export.ExportFiles.Count);
    }

    [Fact]
    public async Task Destinations_are_managed_through_the_api_and_those_of_configuration_cannot_be_changed()
    {
        await using var host = await ManagerHost.StartAsync(fixture.Grid.Address, _temp.Sub("manager"), new Dictionary<string, string?>
        {
            ["Grid:Workflows:Dicom:Destinations:0:Name"] = "CONFIGURED",
            ["Grid:Workflows:Dicom:Destinations:0:AeTitle"] = "PACS_AE",
            ["Grid:Workflows:Dicom:Destinations:0:Host"] = "pacs.example",
            ["Grid:Workflows:Dicom:Destinations:0:Port"] = "104",
        });

        var bad = await Assert.ThrowsAsync<RpcException>(() => host.Destinations.PutDicomDestinationAsync(new PutDicomDestinationRequest
        {
            Destination = new Grid.Api.V1.DicomDestination { Name = "BAD", AeTitle = "MUCH_TOO_LONG_AE_TITLE", Host = "127.0.0.1", Port = 0 },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("$.ae_title", bad.Status.Detail);
        Assert.Contains("$.port", bad.Status.Detail);

        await host.Destinations.PutDicomDestinationAsync(new PutDicomDestinationRequest
        {
            Destination = new Grid.Api.V1.DicomDestination { Name = "ADDED", AeTitle = "ADDED_AE", Host = "127.0.0.1", Port = 11113 },
        });
        var listed = (await host.Destinations.ListDicomDestinationsAsync(new ListDicomDestinationsRequest())).Destinations;
        Assert.Equal(["ADDED", "CONFIGURED"], listed.Select(d => d.Name));
        Assert.True(listed.Single(d => d.Name == "CONFIGURED").FromConfiguration);

        var configured = await Assert.ThrowsAsync<RpcException>(() =>
            host.Destinations.DeleteDicomDestinationAsync(new DeleteDicomDestinationRequest { Name = "CONFIGURED" }).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, configured.StatusCode);
        var missing = await host.Http.GetAsync("/api/dicom-destinations/NOPE");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);

        await host.Destinations.DeleteDicomDestinationAsync(new DeleteDicomDestinationRequest { Name = "ADDED" });
        Assert.Equal(["CONFIGURED"], (await host.Destinations.ListDicomDestinationsAsync(new ListDicomDestinationsRequest())).Destinations.Select(d => d.Name));
    }

    private static List<ArtifactFile> Files(IEnumerable<StudyBuilder.Instance> study) =>
        study.Select(i => new ArtifactFile($"{i.SeriesUid}/{i.SopInstanceUid}.dcm", File.ReadAllBytes(i.Path))).ToList();
}
