namespace Grid.Workflows.Engine.Export;

/// <summary>
/// Writes exported artifacts into <c>&lt;root&gt;/&lt;instance id&gt;/&lt;destination&gt;/&lt;artifact&gt;/&lt;file path&gt;</c>.
/// A later export of the same artifact in the same instance replaces the files it carries.
/// </summary>
public sealed class FolderExportSink(string root) : IExportSink
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task<IReadOnlyList<ExportFileStatus>> ExportAsync(ExportRequest request, CancellationToken cancellationToken)
    {
        var statuses = new List<ExportFileStatus>();
        var destinationFolder = Path.Combine(Root, SafeName(request.InstanceId), SafeName(request.Destination));
        foreach (var artifact in request.Artifacts)
        {
            var artifactFolder = Path.Combine(destinationFolder, SafeName(artifact.Name));
            foreach (var file in artifact.Files)
            {
                var target = Path.Combine(artifactFolder, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await File.WriteAllBytesAsync(target, file.Data, cancellationToken).ConfigureAwait(false);
                statuses.Add(new ExportFileStatus { Destination = request.Destination, Artifact = artifact.Name, Path = file.Path, Outcome = ExportFileOutcome.Sent });
            }
        }
        return statuses;
    }

    private static string SafeName(string name) =>
        name.Length == 0 || name.Contains('/') || name.Contains('\\') || name is "." or ".."
            ? throw new ArgumentException($"'{name}' cannot name an export folder")
            : name;
}
