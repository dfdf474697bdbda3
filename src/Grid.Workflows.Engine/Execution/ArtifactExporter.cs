using Grid.Client;
using Grid.Workflows.Engine.Export;
using Grid.Workflows.Engine.Instances;
using Grid.Workflows.Worker.Protocol;

namespace Grid.Workflows.Engine.Execution;

/// <summary>
/// Hands artifacts to the export sink, once per export destination of the task. A destination that lists
/// <c>artifacts</c> receives only the artifacts of those names; otherwise it receives them all. Returns the status of
/// every file at every destination.
/// </summary>
internal sealed class ArtifactExporter(GridClient grid, IExportSink sink)
{
    public async Task<IReadOnlyList<ExportFileStatus>> ExportAsync(WorkflowInstance instance, WorkflowTask task, TaskExecution execution,
        IReadOnlyList<ManifestArtifact> artifacts, CancellationToken cancellationToken)
    {
        var destinations = task.ExportDestinations ?? [];
        var statuses = new List<ExportFileStatus>();
        if (destinations.Count == 0) return statuses;
        var session = grid.OpenSession(instance.SessionId);
        var downloaded = new Dictionary<string, ExportedArtifact>(StringComparer.Ordinal);
        foreach (var artifact in artifacts)
        {
            var archive = await session.DownloadAsync(artifact.ResultId, cancellationToken).ConfigureAwait(false);
            downloaded[artifact.Name] = new ExportedArtifact(artifact.Name, ArtifactArchive.Unpack(archive));
        }
        foreach (var destination in destinations)
        {
            var wanted = destination.Artifacts is { Count: > 0 } listed
                ? listed.Select(a => a.Name).OfType<string>().Where(downloaded.ContainsKey).Select(name => downloaded[name]).ToList()
                : downloaded.Values.ToList();
            statuses.AddRange(await sink.ExportAsync(new ExportRequest(instance.InstanceId, instance.WorkflowId, task.Id!, execution.ExecutionId, destination.Name!, wanted),
                cancellationToken).ConfigureAwait(false));
        }
        return statuses;
    }
}
