using System.Text.Json.Nodes;
using Grid.Workflows.Worker;

namespace Grid.Workflows.Dicom.Tests;

/// <summary>
/// Test application <c>test-checksum</c>: reads every file of its <c>study</c> input as a stream and returns how many
/// there were, their total size, and per file the SHA-256 of its data set, without holding the input in memory.
/// </summary>
internal sealed class ChecksumHandler : WorkflowTaskHandler
{
    public const string Application = "test-checksum";

    protected override async Task HandleAsync(WorkflowTaskContext context, CancellationToken cancellationToken)
    {
        var datasets = new JsonObject();
        long bytes = 0;
        var files = await context.ForEachInputFileAsync("study", async (path, data, ct) =>
        {
            var (sha256, length) = await LargeStudyFiles.HashDatasetAsync(data, ct);
            datasets[path] = sha256;
            bytes += length;
        }, cancellationToken);
        context.Result["files"] = files;
        context.Result["bytes"] = bytes;
        context.Result["datasets"] = datasets;
    }
}
