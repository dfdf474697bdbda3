using Grid.Api.V1;
using Grid.Dicom.Data;
using Grid.Dicom.Network;
using Grid.Dicom.Tests.Support;

namespace Grid.Workflows.Dicom.Tests;

/// <summary>An instance that takes longer than the AE title's timeout to arrive keeps its study's group open.</summary>
[Collection("dicom-grid")]
public sealed class SlowInstanceTests(GridFixture fixture) : IDisposable
{
    private const string StudyUid = "1.2.826.0.1.3680043.2.1125.9500";
    private const string SeriesUid = StudyUid + ".1";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_slow_instance_does_not_split_its_study()
    {
        var timeout = TimeSpan.FromSeconds(1);
        var study = _temp.Sub("study");
        var first = Path.Combine(study, "first.dcm");
        var slow = Path.Combine(_temp.Sub("slow"), "slow.dcm");
        LargeStudyFiles.Write(first, StudyUid, SeriesUid, $"{SeriesUid}.1", 1, 64, 64);
        LargeStudyFiles.Write(slow, StudyUid, SeriesUid, $"{SeriesUid}.2", 2, 1024, 1024);
        await using var host = await ManagerHost.StartAsync(fixture.Grid.Address, _temp.Sub("manager"), ManagerHost.AeTitle(0, "GRID_SLOW", timeout));
        var workflowId = await host.RegisterAsync(Workflows.ExportTo("slow-instance", "GRID_SLOW", "ARCHIVE"));
        var port = host.Ingest.PortOf("GRID_SLOW");

        // The first instance, then the second on the same association: half of its 2 MiB of pixel data arrives,
        // then the sender stalls for three times the timeout before sending the rest.
        await using var association = await DicomClientAssociation.ConnectAsync(
            new DicomClientOptions { Host = "127.0.0.1", Port = port, CalledAeTitle = "GRID_SLOW", CallingAeTitle = "MODALITY" },
            [(DicomUids.CTImageStorage, [DicomUids.ExplicitVRLittleEndian])]);
        Assert.Equal(DicomStatus.Success, await association.StoreAsync(first));
        var gated = new GatedStream(File.OpenRead(slow), gateAt: 1 << 20);
        var storing = association.StoreAsync(gated);
        await gated.Reached.WaitAsync(TimeSpan.FromSeconds(10));
        var stalledSince = DateTime.UtcNow;
        await Waiting.UntilAsync(() => DateTime.UtcNow - stalledSince > 3 * timeout || host.Ingest.GroupsClosed > 0, TimeSpan.FromSeconds(30),
            "three timeouts to pass while the instance is in transit");
        Assert.Equal(0, host.Ingest.GroupsClosed);
        gated.Open();
        Assert.Equal(DicomStatus.Success, await storing.WaitAsync(TimeSpan.FromSeconds(30)));
        await association.ReleaseAsync();

        await Waiting.UntilAsync(() => host.Ingest.GroupsClosed >= 1, TimeSpan.FromSeconds(30), "the study's group to close");
        Assert.Equal(1, host.Ingest.GroupsClosed);
        var instance = await host.UntilEndedAsync(Assert.Single(await host.InstancesOfAsync(workflowId)).InstanceId);
        Assert.True(instance.Status == WorkflowInstanceStatus.Succeeded, ManagerHost.Describe(instance));
        var archived = Path.Combine(_temp.Path, "manager", "exports", instance.InstanceId, "ARCHIVE", "study", SeriesUid);
        Assert.Equal([$"{SeriesUid}.1.dcm", $"{SeriesUid}.2.dcm"], Directory.EnumerateFiles(archived).Select(Path.GetFileName).Order());
    }
}
