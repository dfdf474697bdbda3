using System.Text.Json.Serialization;

namespace Grid.Workflows.Engine.Registry;

/// <summary>One registered version of a workflow; revisions never change once stored.</summary>
public sealed record WorkflowRevision(string WorkflowId, int Revision, string Name, string Version, string DefinitionJson, DateTimeOffset CreatedAt)
{
    private WorkflowDefinition? _definition;

    /// <summary>The definition read from <see cref="DefinitionJson"/> (valid: it was validated when stored).</summary>
    [JsonIgnore]
    public WorkflowDefinition Definition => _definition ??= WorkflowDefinition.Parse(DefinitionJson).Definition
        ?? throw new InvalidDataException($"revision {Revision} of workflow '{WorkflowId}' is no longer readable");
}
