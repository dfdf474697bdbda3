using Grid.Api.V1;
using Grid.Dicom.Tests.Support;
using Grid.Hosting;
using Grid.Samples;
using Grid.Worker;
using Grid.Workflows.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Grid.Workflows.Dicom.Tests;

/// <summary>
/// A study larger than any array (3 GiB) sent with storescu starts its workflow, whose task reads every file, while
/// the process that hosts the grid (file-backed results), its worker and the workflow manager stays under 1 GiB.
/// Alone in its collection: the memory measured is this test's, and it needs the machine's disk and cores.
/// </summary>
[Collection("large-study")]
public sealed class LargeStudyTests : IDisposable
{
    private const long StudyBytes = 3L << 30;
    private const int Rows = 4096, Columns = 4096;
    private const long MemoryLimit = 1L << 30;
    private const string StudyUid = "1.2.826.0.1.3680043.2.1125.9300";
    private const string SeriesUid = StudyUid + ".1";

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_3_GiB_study_starts_its_workflow_and_its_task_reads_every_file_in_under_1_GiB_of_memory()
    {
        var instancesNeeded = (int)(StudyBytes / ((long)Rows * Columns * 2)) + 1;
        var available = new DriveInfo(_temp.Path).AvailableFreeSpace;
        Assert.True(available > 5 * StudyBytes, $"this test keeps the study up to four times on disk (sent, received, in the grid, given to the task): {available >> 30} GiB free");

        var studyFolder = _temp.Sub("study");
        var expected = new Dictionary<string, string>();
        for (var i = 1; i <= instancesNeeded; i++)
        {
            var sopInstanceUid = $"{SeriesUid}.{i}";
            var path = Path.Combine(studyFolder, $"img{i:000}.dcm");
            LargeStudyFiles.Write(path, StudyUid, SeriesUid, sopInstanceUid, i, Rows, Columns);
            await using var written = File.OpenRead(path);
            expected[$"{SeriesUid}/{sopInstanceUid}.dcm"] = (await LargeStudyFiles.HashDatasetAsync(written, default)).DatasetSha256;
        }

        var options = new EmbeddedGridOptions { Port = 0, DataFolder = _temp.Sub("grid"), Quiet = true };
        options.Settings["Grid:Storage:Tables:Kind"] = "InMemory";
        options.Extensions.Add(new ChecksumWorker());
        await using var grid = await EmbeddedGrid.StartAsync(options);
        await using var host = await ManagerHost.StartAsync(grid.Address, _temp.Sub("manager"),
            ManagerHost.AeTitle(0, "GRID_LARGE", TimeSpan.FromSeconds(2)));
        var workflowId = await host.RegisterAsync(Workflows.Checksum("large-study", "GRID_LARGE", ChecksumHandler.Application));

        // From here on the peak resident memory of this process (grid, worker, manager) is what counts.
        ProcessMemory.ResetPeak();
        var run = Dcmtk.Run("storescu", ["-aec", "GRID_LARGE", "-aet", "STORESCU", "-to", "30", "-ta", "30", "-td", "300", "+sd", "+r",
            "127.0.0.1", host.Ingest.PortOf("GRID_LARGE").ToString(), studyFolder], TimeSpan.FromMinutes(10));
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal(instancesNeeded, host.Ingest.InstancesStored);

        await Waiting.UntilAsync(() => host.Ingest.GroupsClosed + host.Ingest.GroupsFailed >= 1, TimeSpan.FromMinutes(10), "the study's group to close");
        Assert.Equal(1, host.Ingest.GroupsClosed);
        var instance = await host.UntilEndedAsync(Assert.Single(await host.InstancesOfAsync(workflowId)).InstanceId, TimeSpan.FromMinutes(10));
        var peak = ProcessMemory.PeakResidentBytes();

        Assert.True(instance.Status == WorkflowInstanceStatus.Succeeded, ManagerHost.Describe(instance));
        var result = Assert.Single(instance.Executions, e => e.TaskId == "checksum").Result;
        Assert.Equal(instancesNeeded, (int)result.Fields["files"].NumberValue);
        Assert.True(result.Fields["bytes"].NumberValue > StudyBytes, $"the task read {result.Fields["bytes"].NumberValue} bytes");
        var received = result.Fields["datasets"].StructValue.Fields.ToDictionary(f => f.Key, f => f.Value.StringValue);
        Assert.Equal(expected.OrderBy(e => e.Key), received.OrderBy(e => e.Key));
        Assert.True(peak < MemoryLimit, $"peak resident memory {peak >> 20} MiB while the study went through");
        Console.WriteLine($"3 GiB study: peak resident memory of grid, worker and manager {peak >> 20} MiB");
    }

    /// <summary>The embedded grid's worker serves <see cref="ChecksumHandler"/> besides the sample applications.</summary>
    private sealed class ChecksumWorker : IEmbeddedGridExtension
    {
        public void ConfigureServices(IServiceCollection services, IConfiguration configuration, EmbeddedGridEnvironment environment) =>
            services.AddSingleton<ITaskHandler>(new TaskHandlerByApplication(
                new Dictionary<string, ITaskHandler> { [ChecksumHandler.Application] = new ChecksumHandler() }, new SampleTaskHandler()));

        public void Map(WebApplication app)
        {
        }
    }
}

[CollectionDefinition("large-study", DisableParallelization = true)]
public sealed class LargeStudyCollection;
