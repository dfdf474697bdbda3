namespace Grid.Workflows.Engine;

public enum WorkflowRequestFailure
{
    Invalid,
    NotFound,
    Conflict,
}

/// <summary>
/// A request the workflow manager refuses, with what was wrong. <see cref="Errors"/> lists every problem of an
/// invalid workflow with its JSON path. The gRPC and HTTP endpoints turn it into a status or a problem details.
/// </summary>
public sealed class WorkflowRequestException(WorkflowRequestFailure failure, string message, IReadOnlyList<WorkflowValidationError>? errors = null)
    : Exception(message)
{
    public WorkflowRequestFailure Failure { get; } = failure;

    public IReadOnlyList<WorkflowValidationError> Errors { get; } = errors ?? [];

    public static WorkflowRequestException NotFound(string message) => new(WorkflowRequestFailure.NotFound, message);

    public static WorkflowRequestException Invalid(string message, IReadOnlyList<WorkflowValidationError>? errors = null) =>
        new(WorkflowRequestFailure.Invalid, message, errors);

    /// <summary>The message followed by every error, one per line.</summary>
    public string Describe() =>
        Errors.Count == 0 ? Message : Message + Environment.NewLine + string.Join(Environment.NewLine, Errors.Select(e => e.ToString()));
}
