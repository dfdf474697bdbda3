using System.Diagnostics.CodeAnalysis;

namespace Grid.Workflows;

/// <summary>Either a workflow read from JSON, or the reason the JSON could not be read.</summary>
public sealed record WorkflowParseResult(WorkflowDefinition? Definition, WorkflowJsonError? Error)
{
    [MemberNotNullWhen(true, nameof(Definition))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Definition is not null;
}

/// <summary>Where the JSON went wrong: a JSON path, and a 1-based line and column when known.</summary>
public sealed record WorkflowJsonError(string Path, long? Line, long? Column, string Message)
{
    public override string ToString() =>
        Line is null ? $"{Path}: {Message}" : $"{Path} (line {Line}, column {Column}): {Message}";
}
