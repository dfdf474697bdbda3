using Grid.Workflows.Engine.Execution;
using Grid.Workflows.Engine.Instances;
using Grid.Workflows.Worker.Protocol;

namespace Grid.Workflows.Dicom.Ingest;

/// <summary>
/// The trigger payload of a closed group: its files as <c>&lt;Series Instance UID&gt;/&lt;SOP Instance UID&gt;.dcm</c>,
/// the study tags (those with one value across every instance), and per series the tags with one value across that
/// series. The AE title is the called one and the data origin the calling one.
/// </summary>
internal static class StudyPayloadBuilder
{
    private const string StudyIdTag = "0020,0010";

    /// <summary>The payload refers to the files where they are: the engine streams them into the grid, whatever their size.</summary>
    public static TriggerPayload Build(IngestGroupKey key, IReadOnlyList<(IngestedInstance Instance, string Path)> instances)
    {
        var ordered = instances
            .OrderBy(i => SortNumber(i.Instance, "0020,0011"))
            .ThenBy(i => i.Instance.SeriesInstanceUid, StringComparer.Ordinal)
            .ThenBy(i => SortNumber(i.Instance, "0020,0013"))
            .ThenBy(i => i.Instance.SopInstanceUid, StringComparer.Ordinal)
            .ToList();
        var files = ordered.Select(i => new ArtifactFileOnDisk($"{i.Instance.SeriesInstanceUid}/{Path.GetFileName(i.Path)}", i.Path)).ToList();

        var studyTags = CommonTags(ordered.Select(i => i.Instance.Tags));
        var series = ordered
            .GroupBy(i => i.Instance.SeriesInstanceUid, StringComparer.Ordinal)
            .Select(g => CommonTags(g.Select(i => i.Instance.Tags)))
            .ToList();
        return new TriggerPayload
        {
            AeTitle = key.CalledAeTitle,
            DataOrigin = key.CallingAeTitle,
            FilesOnDisk = files,
            Dicom = new InputDicom
            {
                StudyId = studyTags.GetValueOrDefault(StudyIdTag) is { Length: > 0 } studyId ? studyId : key.StudyInstanceUid,
                Tags = studyTags,
                Series = series,
            },
        };
    }

    /// <summary>The tags present with the same value in every one of the tag sets.</summary>
    private static Dictionary<string, string> CommonTags(IEnumerable<Dictionary<string, string>> tagSets)
    {
        Dictionary<string, string>? common = null;
        foreach (var tags in tagSets)
        {
            if (common is null)
            {
                common = new Dictionary<string, string>(tags, StringComparer.Ordinal);
                continue;
            }
            foreach (var (tag, value) in common.ToList())
                if (!tags.TryGetValue(tag, out var other) || other != value) common.Remove(tag);
        }
        return common ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }

    private static double SortNumber(IngestedInstance instance, string tag) =>
        instance.Tags.TryGetValue(tag, out var text) && double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : double.MaxValue;
}
