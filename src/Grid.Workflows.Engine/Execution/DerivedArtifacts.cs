using Grid.Client;
using Grid.Workflows.Worker.Protocol;

namespace Grid.Workflows.Engine.Execution;

/// <summary>A grid result holding an artifact, and the folder its files take in a combined artifact ("" for the root).</summary>
internal sealed record ArtifactSource(string ResultId, string Folder);

/// <summary>
/// Builds an input artifact that is not one existing result: several results side by side (a task's
/// <c>output_dir</c>: one folder per output) and/or only the files under a sub-path (<c>{{ context.input.dicom }}/study1</c>).
/// The files go through the engine: it downloads the sources, keeps and re-roots the files, and uploads a new result.
/// </summary>
internal static class DerivedArtifacts
{
    /// <returns>The new result, or why there is none (no file under the sub-path).</returns>
    public static async Task<(string? ResultId, string? WhyMissing)> CreateAsync(GridSession session, string resultName,
        IReadOnlyList<ArtifactSource> sources, string? subPath, CancellationToken cancellationToken)
    {
        var files = new List<ArtifactFile>();
        foreach (var source in sources)
        {
            var archive = await session.DownloadAsync(source.ResultId, cancellationToken).ConfigureAwait(false);
            files.AddRange(ArtifactArchive.Unpack(archive).Select(f => f with { Path = source.Folder + f.Path }));
        }
        if (subPath is not null)
        {
            var prefix = subPath + "/";
            files = files.Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal)).Select(f => f with { Path = f.Path[prefix.Length..] }).ToList();
            if (files.Count == 0) return (null, $"there is no file under '{subPath}'");
        }
        var ids = await session.CreateResultsWithDataAsync([(resultName, (ReadOnlyMemory<byte>)ArtifactArchive.Pack(files))], cancellationToken).ConfigureAwait(false);
        return (ids[0], null);
    }
}
