namespace Grid.Core;

/// <summary>What kind of refusal an error is; the control plane maps each to a gRPC status code.</summary>
public enum GridErrorCode
{
    InvalidArgument,
    NotFound,
    AlreadyExists,
    FailedPrecondition,
    ResourceExhausted,
    DataLoss,
}

/// <summary>
/// A request the grid refuses. The message says what was wrong and where, for example
/// <c>tasks[3].data_dependencies[0]: result 'r-9' does not exist in session 's-1'</c>.
/// </summary>
public sealed class GridException(GridErrorCode code, string message) : Exception(message)
{
    public GridErrorCode Code { get; } = code;

    public static GridException InvalidArgument(string field, string problem) => new(GridErrorCode.InvalidArgument, $"{field}: {problem}");
    public static GridException NotFound(string message) => new(GridErrorCode.NotFound, message);
    public static GridException FailedPrecondition(string message) => new(GridErrorCode.FailedPrecondition, message);
    public static GridException ResourceExhausted(string field, string problem) => new(GridErrorCode.ResourceExhausted, $"{field}: {problem}");
}
