using System.Text.Json;
using Grid.Workflows.Engine.Instances;
using Grid.Workflows.Engine.Registry;

namespace Grid.Workflows.Engine.Api;

/// <summary>A workflow revision as the HTTP API shows it: the definition is embedded as JSON, not as a string.</summary>
public sealed record WorkflowDocument(string WorkflowId, int Revision, string Name, string Version, DateTimeOffset CreatedAt, DateTimeOffset? DeletedAt, JsonElement Definition)
{
    public static WorkflowDocument From(WorkflowRevision revision, DateTimeOffset? deletedAt)
    {
        using var definition = JsonDocument.Parse(revision.DefinitionJson, HttpJson.DefinitionOptions);
        return new(revision.WorkflowId, revision.Revision, revision.Name, revision.Version, revision.CreatedAt, deletedAt, definition.RootElement.Clone());
    }
}

public sealed record ValidationDocument(bool Valid, IReadOnlyList<WorkflowValidationError> Errors);

public sealed record TriggerResultDocument(IReadOnlyList<WorkflowInstance> Instances);

public sealed record TaskExecutionDocument(string InstanceId, TaskExecution Execution);

/// <summary>The body of <c>POST /api/workflow-triggers</c>; file data is base64.</summary>
public sealed record TriggerDocument
{
    public string? AeTitle { get; init; }
    public string? DataOrigin { get; init; }
    public List<string>? WorkflowIds { get; init; }
    public List<TriggerFileDocument>? Files { get; init; }
    public TriggerDicomDocument? Dicom { get; init; }
}

public sealed record TriggerFileDocument(string? Path, byte[]? Data);

public sealed record TriggerDicomDocument(string? StudyId, Dictionary<string, string>? Tags, List<TriggerSeriesDocument>? Series);

public sealed record TriggerSeriesDocument(Dictionary<string, string>? Tags);
