namespace Grid.Workflows.Conditions;

/// <summary>The DICOM tags of the input study: the study-level tags and each series' tags.</summary>
public sealed record DicomStudySnapshot
{
    public static DicomStudySnapshot Empty { get; } = new();

    public string? StudyId { get; init; }
    public IReadOnlyDictionary<DicomTagKey, string> Tags { get; init; } = new Dictionary<DicomTagKey, string>();
    public IReadOnlyList<IReadOnlyDictionary<DicomTagKey, string>> Series { get; init; } = [];
}
