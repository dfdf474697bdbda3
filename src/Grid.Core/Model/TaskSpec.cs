namespace Grid.Core.Model;

/// <summary>A task as a client or a running task asks for it, before validation.</summary>
public sealed record TaskSpec(
    string PayloadId,
    IReadOnlyList<string> DataDependencies,
    IReadOnlyList<string> ExpectedOutputIds,
    GridTaskOptions Options);
