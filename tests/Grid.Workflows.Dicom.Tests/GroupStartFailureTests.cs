using System.Text.Json;
using Grid.Dicom.Tests.Support;
using Grid.Workflows.Dicom.Ingest;

namespace Grid.Workflows.Dicom.Tests;

/// <summary>A group whose workflows can never start is set aside once, not retried every timeout without end.</summary>
[Collection("dicom-grid")]
public sealed class GroupStartFailureTests(GridFixture fixture) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_group_with_an_unreadable_instance_is_set_aside_and_the_next_study_still_starts()
    {
        // What a previous run left: a group whose only instance cannot be read (a disk fault, say).
        var data = _temp.Sub("manager");
        var group = Directory.CreateDirectory(Path.Combine(data, "dicom", "ingest", "groups", "g-broken")).FullName;
        File.WriteAllBytes(Path.Combine(group, "group.json"), JsonSerializer.SerializeToUtf8Bytes(
            new IngestGroupKey("GRID_FAIL", "STORESCU", "1.2.3.4", null), new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        File.WriteAllBytes(Path.Combine(group, "1.2.3.4.5.dcm"), new byte[300]);
        var study = StudyBuilder.Build(_temp.Sub("study"), 2, ["+te"]);

        await using var host = await ManagerHost.StartAsync(fixture.Grid.Address, data, ManagerHost.AeTitle(0, "GRID_FAIL", TimeSpan.FromMilliseconds(200)));
        var workflowId = await host.RegisterAsync(Workflows.ExportTo("after-failure", "GRID_FAIL", "ARCHIVE"));

        var failed = Path.Combine(host.Ingest.Folder, "failed", "g-broken");
        await Waiting.UntilAsync(() => host.Ingest.GroupsFailed >= 1, TimeSpan.FromSeconds(30), "the broken group to be set aside");
        Assert.True(File.Exists(Path.Combine(failed, "1.2.3.4.5.dcm")), "the group's files are kept for an operator");
        Assert.False(Directory.Exists(group));

        var run = Dcmtk.Run("storescu", ["-aec", "GRID_FAIL", "-aet", "STORESCU", "-to", "10", "-ta", "10", "+sd",
            "+r", "127.0.0.1", host.Ingest.PortOf("GRID_FAIL").ToString(), Path.Combine(_temp.Path, "study")]);
        Assert.True(run.ExitCode == 0, run.Describe());
        await Waiting.UntilAsync(() => host.Ingest.GroupsClosed >= 1, TimeSpan.FromSeconds(30), "the next study's group to close");
        Assert.Single(await host.InstancesOfAsync(workflowId));
        Assert.Equal(1, host.Ingest.GroupsFailed);
        Assert.Equal(study.Count, host.Ingest.InstancesStored);
    }
}
