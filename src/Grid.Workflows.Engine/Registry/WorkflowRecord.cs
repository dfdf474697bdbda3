namespace Grid.Workflows.Engine.Registry;

/// <summary>A workflow and every revision it had. A deleted workflow keeps its revisions for the instances that use them.</summary>
public sealed record WorkflowRecord(string WorkflowId, IReadOnlyList<WorkflowRevision> Revisions, DateTimeOffset? DeletedAt = null)
{
    public WorkflowRevision Latest => Revisions[^1];

    public bool IsDeleted => DeletedAt is not null;
}
