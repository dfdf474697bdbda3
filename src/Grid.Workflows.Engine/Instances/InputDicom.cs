namespace Grid.Workflows.Engine.Instances;

/// <summary>The DICOM tags of a workflow input, tag keys written "gggg,eeee".</summary>
public sealed record InputDicom
{
    public string? StudyId { get; init; }
    public Dictionary<string, string> Tags { get; init; } = new();
    public List<Dictionary<string, string>> Series { get; init; } = [];
}
